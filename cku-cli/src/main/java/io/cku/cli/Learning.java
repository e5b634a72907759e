package io.cku.cli;

import java.util.ArrayList;
import java.util.List;

import io.cku.cli.Output.Column;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cku learning}: what the learning loop knows of your tenant's skills and targets, and what it changed. */
@Command(name = "learning", mixinStandardHelpOptions = true, description = "The learning loop: reliability per skill and target, patterns found, policy changes made.",
        subcommands = {Learning.Reliability.class, Learning.Patterns.class, Learning.Changes.class},
        footerHeading = "%nExamples:%n", footer = {"  cku learning reliability --skill http", "  cku learning patterns", "  cku learning changes"})
final class Learning {

    private Learning() {
    }

    @Command(name = "reliability", mixinStandardHelpOptions = true, description = "How reliable each (skill, target, mode) has been: attempts, score, 95% lower bound.",
            footerHeading = "%nExamples:%n", footer = {"  cku learning reliability", "  cku learning reliability --skill http --mode prod"})
    static final class Reliability extends ApiCommand {

        private static final List<Column> COLUMNS = List.of(Column.of("SKILL", "skill"), Column.of("MODE", "mode"),
                Column.of("ATTEMPTS", "observations"), Column.of("SCORE", "score"), Column.of("LOWER BOUND", "lowerBound"),
                Column.of("LAST", "lastObservedAt"), Column.of("TARGET", "target"));

        @Option(names = "--skill", paramLabel = "SKILL", description = "Only this skill")
        String skill;

        @Option(names = "--target", paramLabel = "TARGET", description = "Only this target (a host, a command)")
        String target;

        @Option(names = "--mode", paramLabel = "MODE", description = "Only this mode: dev, staging or prod")
        String mode;

        @Mixin
        Output output;

        Reliability(Environment env) {
            super(env);
        }

        @Override
        public Integer call() {
            List<String> query = new ArrayList<>();
            if (skill != null) {
                query.add("skill=" + Runs.encode(skill));
            }
            if (target != null) {
                query.add("target=" + Runs.encode(target));
            }
            if (mode != null) {
                query.add("mode=" + Runs.encode(mode));
            }
            output.print(env, api().get("/learning/reliability" + (query.isEmpty() ? "" : "?" + String.join("&", query))), COLUMNS,
                    "Nothing learned yet: reliability grows with finished runs.");
            return ExitCode.OK;
        }
    }

    @Command(name = "patterns", mixinStandardHelpOptions = true, description = "The patterns the learner found: unreliable keys, keys that recover on a later attempt, gates always approved.",
            footerHeading = "%nExamples:%n", footer = {"  cku learning patterns", "  cku learning patterns --resolved"})
    static final class Patterns extends ApiCommand {

        private static final List<Column> COLUMNS = List.of(Column.of("ID", "id"), Column.of("KIND", "kind"), Column.of("SINCE", "firstDetectedAt"),
                Column.of("RESOLVED", "resolvedAt"), Column.of("SUMMARY", "summary"));

        @Option(names = "--resolved", description = "Also the patterns that no longer hold")
        boolean resolved;

        @Mixin
        Output output;

        Patterns(Environment env) {
            super(env);
        }

        @Override
        public Integer call() {
            output.print(env, api().get("/learning/patterns" + (resolved ? "?resolved=true" : "")), COLUMNS, "No patterns found.");
            return ExitCode.OK;
        }
    }

    @Command(name = "changes", mixinStandardHelpOptions = true, description = "The changes the learner made to your policy, newest first, with their explanation.",
            footerHeading = "%nExamples:%n", footer = {"  cku learning changes", "  cku learning changes --limit 5 -o yaml"})
    static final class Changes extends ApiCommand {

        private static final List<Column> COLUMNS = List.of(Column.of("ID", "id"), Column.of("KIND", "kind"), Column.of("POLICY", "policyVersion"),
                Column.of("AT", "at"), Column.of("SKILL", "skill"), Column.of("TARGET", "target"));

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most this many (1 to 500, default ${DEFAULT-VALUE})")
        int limit;

        @Mixin
        Output output;

        Changes(Environment env) {
            super(env);
        }

        @Override
        public Integer call() {
            output.print(env, api().get("/learning/changes?limit=" + limit), COLUMNS, "The learner has changed nothing.");
            return ExitCode.OK;
        }
    }
}

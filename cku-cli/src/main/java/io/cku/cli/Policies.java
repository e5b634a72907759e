package io.cku.cli;

import java.util.List;
import java.util.Map;

import io.cku.cli.Output.Column;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code cku policies}: the versions of your tenant's policy rules. */
@Command(name = "policies", mixinStandardHelpOptions = true, description = "List, show, compare and activate your tenant's policy versions.",
        subcommands = {Policies.ListVersions.class, Policies.Show.class, Policies.Diff.class, Policies.Activate.class},
        footerHeading = "%nExamples:%n", footer = {"  cku policies list", "  cku policies diff 3", "  cku policies activate 2 --reason \"roll back v3\""})
final class Policies {

    static final List<Column> VERSIONS = List.of(Column.of("VERSION", "version"), new Column("ACTIVE", v -> v.path("active").asBoolean() ? "*" : ""),
            Column.of("SOURCE", "source"), new Column("RULES", v -> String.valueOf(v.path("rules").size())), Column.of("BY", "createdBy"),
            Column.of("CREATED", "createdAt"), Column.of("REASON", "reason"));
    static final List<Column> RULES = List.of(Column.of("NAME", "name"), Column.of("EFFECT", "effect"), Column.of("WHEN", "expression"),
            Column.of("MESSAGE", "message"));

    private Policies() {
    }

    static String version(int version) {
        if (version < 1) {
            throw new CommandFailed(ExitCode.USAGE, "a policy version is a whole number from 1; was " + version);
        }
        return "/policies/" + version;
    }

    @Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true, description = "Every version of your tenant's rules; * marks the active one.",
            footerHeading = "%nExamples:%n", footer = {"  cku policies list", "  cku policies list -o yaml"})
    static final class ListVersions extends ApiCommand {

        @Mixin
        Output output;

        ListVersions(Environment env) {
            super(env);
        }

        @Override
        public Integer call() {
            output.print(env, api().get("/policies"), VERSIONS, "No policy versions: your tenant has no rules.");
            return ExitCode.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One version of your tenant's rules.",
            footerHeading = "%nExamples:%n", footer = {"  cku policies show 3", "  cku policies show 3 -o json"})
    static final class Show extends ApiCommand {

        @Parameters(paramLabel = "VERSION", description = "The version number")
        int version;

        @Mixin
        Output output;

        Show(Environment env) {
            super(env);
        }

        @Override
        public Integer call() {
            JsonNode policy = api().get(version(version));
            if (output.format(env) != Output.Format.table) {
                output.print(env, policy, VERSIONS, "");
                return ExitCode.OK;
            }
            output.print(env, policy, VERSIONS, "");
            env.out().println();
            output.print(env, policy.path("rules"), RULES, "No rules.");
            return ExitCode.OK;
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true, description = "What changed from one version (default: the one before) to another.",
            footerHeading = "%nExamples:%n", footer = {"  cku policies diff 3", "  cku policies diff 3 --against 1"})
    static final class Diff extends ApiCommand {

        @Parameters(paramLabel = "VERSION", description = "The newer version")
        int version;

        @Option(names = "--against", paramLabel = "VERSION", description = "The older version (default: VERSION - 1)")
        Integer against;

        @Mixin
        Output output;

        Diff(Environment env) {
            super(env);
        }

        @Override
        public Integer call() {
            JsonNode diff = api().get(version(version) + "/diff" + (against == null ? "" : "?against=" + against));
            if (output.format(env) != Output.Format.table) {
                output.print(env, diff, RULES, "");
                return ExitCode.OK;
            }
            env.out().println("From version " + diff.path("against").asInt() + " to " + diff.path("version").asInt() + ":");
            diff.path("added").forEach(rule -> env.out().println("+ " + rule(rule)));
            diff.path("removed").forEach(rule -> env.out().println("- " + rule(rule)));
            diff.path("changed").forEach(change -> {
                env.out().println("~ " + change.path("name").asString());
                env.out().println("    before: " + rule(change.path("before")));
                env.out().println("    after:  " + rule(change.path("after")));
            });
            if (diff.path("added").isEmpty() && diff.path("removed").isEmpty() && diff.path("changed").isEmpty()) {
                env.out().println("  (no change)");
            }
            env.out().flush();
            return ExitCode.OK;
        }

        private static String rule(JsonNode rule) {
            return rule.path("name").asString() + ": " + rule.path("effect").asString() + " when " + rule.path("expression").asString();
        }
    }

    @Command(name = "activate", mixinStandardHelpOptions = true, description = "Make a published version the active one (for example to roll back).",
            footerHeading = "%nExamples:%n", footer = {"  cku policies activate 2 --reason \"v3 pauses every staging run\""})
    static final class Activate extends ApiCommand {

        @Parameters(paramLabel = "VERSION", description = "The version to activate")
        int version;

        @Option(names = {"-r", "--reason"}, required = true, description = "Why, recorded in the audit log")
        String reason;

        @Mixin
        Output output;

        Activate(Environment env) {
            super(env);
        }

        @Override
        public Integer call() {
            JsonNode policy = api().post("/admin" + version(version) + "/activate", Map.of("reason", reason));
            output.print(env, policy, VERSIONS, "");
            return ExitCode.OK;
        }
    }
}

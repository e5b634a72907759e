package io.cku.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.cku.cli.Output.Column;
import picocli.CommandLine.Command;

/** {@code cku runs}: the runs of your tenant. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "Submit, list, follow and cancel runs.",
        subcommands = {RunSubmit.class, RunList.class, Runs.Get.class, RunWatchCommand.class, Runs.Cancel.class, RunEvents.class,
                RunEvaluate.class},
        footerHeading = "%nExamples:%n", footer = {"  cku runs submit -f plan.yaml --watch", "  cku runs list --status FAILED",
                "  cku runs get 7d51a0c4-…"})
final class Runs {

    /** The columns of a run in a table: one run's summary (or the whole run). */
    static final List<Column> SUMMARY = List.of(Column.of("ID", "id"), Column.of("STATUS", "status"), Column.of("MODE", "mode"),
            Column.of("UPDATED", "updatedAt"), Column.of("INTENT", "intent"));

    private Runs() {
    }

    static String path(String runId) {
        return "/runs/" + encode(runId);
    }

    /** Where administrators decide on the run: approvals, decisions, checkpoints. */
    static String adminPath(String runId) {
        return "/admin/runs/" + encode(runId);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a run: its state, gates, approvals, steps and healing.",
            footerHeading = "%nExamples:%n", footer = {"  cku runs get 7d51a0c4-…", "  cku runs get 7d51a0c4-… -o json | jq .steps"})
    static final class Get extends ApiCommand {

        @picocli.CommandLine.Parameters(paramLabel = "RUN", description = "The run's id")
        String runId;

        @picocli.CommandLine.Mixin
        Output output;

        Get(Environment env) {
            super(env);
        }

        @Override
        public Integer call() {
            var run = api().get(path(runId));
            if (output.format(env) == Output.Format.table) {
                RunText.describe(run, env.out());
                env.out().flush();
            } else {
                output.print(env, run, SUMMARY, "");
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a run that has not ended; a running step is stopped.",
            footerHeading = "%nExamples:%n", footer = {"  cku runs cancel 7d51a0c4-… --reason \"wrong branch\""})
    static final class Cancel extends ApiCommand {

        @picocli.CommandLine.Parameters(paramLabel = "RUN", description = "The run's id")
        String runId;

        @picocli.CommandLine.Option(names = "--reason", description = "Why, recorded in the audit log")
        String reason;

        @picocli.CommandLine.Mixin
        Output output;

        Cancel(Environment env) {
            super(env);
        }

        @Override
        public Integer call() {
            var run = api().post(path(runId) + "/cancel", reason == null ? null : Map.of("reason", reason));
            output.print(env, run, SUMMARY, "");
            return ExitCode.OK;
        }
    }
}

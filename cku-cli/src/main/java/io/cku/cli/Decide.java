package io.cku.cli;

import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cku decide}: how a run waiting after a failure goes on. */
@Command(name = "decide", mixinStandardHelpOptions = true, description = {
        "Decide how a run waiting after a failure (AWAITING_DECISION, in prod) goes on:",
        "retry the step, rollback (undo the steps done), skip the step, or abort the run."},
        footerHeading = "%nExamples:%n", footer = {"  cku decide 7d51a0c4-… retry --reason \"the registry is back\"",
                "  cku decide 7d51a0c4-… rollback --reason \"the migration is wrong\""})
final class Decide extends ApiCommand {

    enum Action { retry, rollback, skip, abort }

    @Parameters(index = "0", paramLabel = "RUN", description = "The run's id")
    String runId;

    @Parameters(index = "1", paramLabel = "ACTION", description = "retry, rollback, skip or abort")
    Action action;

    @Option(names = {"-r", "--reason"}, required = true, description = "Why, recorded in the audit log")
    String reason;

    @Mixin
    Output output;

    Decide(Environment env) {
        super(env);
    }

    @Override
    public Integer call() {
        var run = api().post(Runs.adminPath(runId) + "/decision", Map.of("action", action.name(), "reason", reason));
        output.print(env, run, Runs.SUMMARY, "");
        return ExitCode.OK;
    }
}

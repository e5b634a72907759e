package io.cku.cli;

import java.util.Map;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Approving or rejecting what a run waits at (a gate, a checkpoint step): the run, the reason, the run as it is after. */
abstract class Vote extends ApiCommand {

    @Parameters(index = "0", paramLabel = "RUN", description = "The run's id")
    String runId;

    @Option(names = {"-r", "--reason"}, required = true, description = "Why, recorded in the audit log")
    String reason;

    @Mixin
    Output output;

    private final String verb;

    Vote(Environment env, String verb) {
        super(env);
        this.verb = verb;
    }

    /** What is decided on, as a path: {@code gates/PLAN_APPROVAL}, {@code steps/sign-off}. */
    abstract String subject();

    @Override
    public Integer call() {
        var run = api().post(Runs.adminPath(runId) + "/" + subject() + "/" + verb, Map.of("reason", reason));
        output.print(env, run, Runs.SUMMARY, "");
        return ExitCode.OK;
    }
}

package io.cku.cli;

import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cku checkpoints}: the human checkpoint steps of plans (the {@code approval} skill). */
@Command(name = "checkpoints", mixinStandardHelpOptions = true, description = "Approve or reject a checkpoint step a run waits at.",
        subcommands = {Checkpoints.Approve.class, Checkpoints.Reject.class},
        footerHeading = "%nExamples:%n", footer = {"  cku checkpoints approve 7d51a0c4-… sign-off --reason \"release notes checked\""})
final class Checkpoints {

    private Checkpoints() {
    }

    abstract static class Vote extends ApiCommand {

        @Parameters(index = "0", paramLabel = "RUN", description = "The run's id")
        String runId;

        @Parameters(index = "1", paramLabel = "STEP", description = "The checkpoint step's name")
        String step;

        @Option(names = {"-r", "--reason"}, required = true, description = "Why, recorded in the audit log")
        String reason;

        @Mixin
        Output output;

        Vote(Environment env) {
            super(env);
        }

        Integer vote(String verb) {
            var run = api().post(Runs.adminPath(runId) + "/steps/" + Runs.encode(step) + "/" + verb, Map.of("reason", reason));
            output.print(env, run, Runs.SUMMARY, "");
            return ExitCode.OK;
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve a checkpoint step: the run goes on.",
            footerHeading = "%nExamples:%n", footer = {"  cku checkpoints approve 7d51a0c4-… sign-off --reason \"release notes checked\""})
    static final class Approve extends Vote {

        Approve(Environment env) {
            super(env);
        }

        @Override
        public Integer call() {
            return vote("approve");
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true, description = "Reject a checkpoint step: the step fails.",
            footerHeading = "%nExamples:%n", footer = {"  cku checkpoints reject 7d51a0c4-… sign-off --reason \"notes missing\""})
    static final class Reject extends Vote {

        Reject(Environment env) {
            super(env);
        }

        @Override
        public Integer call() {
            return vote("reject");
        }
    }
}

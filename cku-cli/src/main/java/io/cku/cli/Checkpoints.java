package io.cku.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cku checkpoints}: the human checkpoint steps of plans (the {@code approval} skill). */
@Command(name = "checkpoints", mixinStandardHelpOptions = true, description = "Approve or reject a checkpoint step a run waits at.",
        subcommands = {Checkpoints.Approve.class, Checkpoints.Reject.class},
        footerHeading = "%nExamples:%n", footer = {"  cku checkpoints approve 7d51a0c4-… sign-off --reason \"release notes checked\""})
final class Checkpoints {

    private Checkpoints() {
    }

    /** A decision on a checkpoint step. */
    abstract static class StepVote extends Vote {

        @Parameters(index = "1", paramLabel = "STEP", description = "The checkpoint step's name")
        String step;

        StepVote(Environment env, String verb) {
            super(env, verb);
        }

        @Override
        String subject() {
            return "steps/" + Runs.encode(step);
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve a checkpoint step: the run goes on.",
            footerHeading = "%nExamples:%n", footer = {"  cku checkpoints approve 7d51a0c4-… sign-off --reason \"release notes checked\""})
    static final class Approve extends StepVote {

        Approve(Environment env) {
            super(env, "approve");
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true, description = "Reject a checkpoint step: the step fails.",
            footerHeading = "%nExamples:%n", footer = {"  cku checkpoints reject 7d51a0c4-… sign-off --reason \"notes missing\""})
    static final class Reject extends StepVote {

        Reject(Environment env) {
            super(env, "reject");
        }
    }
}

package io.cku.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code cku runs watch}: follows a run live until it ends. */
@Command(name = "watch", mixinStandardHelpOptions = true, description = {
        "Follow a run live until it ends: its gates as they decide, then its steps.",
        "Ctrl-C stops watching; the run goes on."},
        footerHeading = "%nExamples:%n", footer = {"  cku runs watch 7d51a0c4-…", "  cku runs watch 7d51a0c4-… --exit-status --timeout 1h"})
final class RunWatchCommand extends ApiCommand {

    @Parameters(paramLabel = "RUN", description = "The run's id")
    String runId;

    @Mixin
    RunSubmit.WatchOptions watch;

    RunWatchCommand(Environment env) {
        super(env);
    }

    @Override
    public Integer call() {
        watch.check();
        return watch.follow(env, api(), runId);
    }
}

package io.cku.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cku runs events}: a run's raw events, one JSON object per line. */
@Command(name = "events", mixinStandardHelpOptions = true, description = {
        "Print a run's events as JSON lines (the service's own event objects): those stored so far (the history, read until",
        "the stream is quiet for a second), or with --follow every event until the run ends."},
        footerHeading = "%nExamples:%n", footer = {"  cku runs events 7d51a0c4-…", "  cku runs events 7d51a0c4-… --follow | jq -r .type"})
final class RunEvents extends ApiCommand {

    /** Without --follow, the history has been read once the stream is this quiet (the service replays it at once). */
    private static final Duration QUIET = Duration.ofSeconds(1);

    @Parameters(paramLabel = "RUN", description = "The run's id")
    String runId;

    @Option(names = {"-f", "--follow"}, description = "Keep printing live events until the run ends")
    boolean follow;

    RunEvents(Environment env) {
        super(env);
    }

    @Override
    public Integer call() {
        boolean ended = RunWatch.ENDS.contains(api().get(Runs.path(runId)).path("status").asString());
        AtomicReference<Instant> quietUntil = new AtomicReference<>(env.clock().instant().plus(QUIET));
        new EventStream(api(), Runs.path(runId) + "/events", env.clock()).follow(event -> {
            env.out().println(event.data());
            env.out().flush();
            quietUntil.set(env.clock().instant().plus(QUIET));
            return !event.type().equals("run.finished");
        }, () -> follow || ended ? null : quietUntil.get());
        return ExitCode.OK;
    }
}

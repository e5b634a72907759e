package io.cku.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Follows one run until it ends: its event stream (resumed across dropped connections), or the long poll when the service
 * will not stream; shown as a live view on a terminal and as one plain line per event otherwise. Ctrl-C stops watching,
 * never the run.
 */
final class RunWatch {

    static final Set<String> ENDS = Set.of("SUCCEEDED", "PARTIAL", "FAILED", "ROLLED_BACK", "REJECTED", "CANCELLED");
    private static final Set<String> WAITING_FOR_PEOPLE = Set.of("AWAITING_APPROVAL", "AWAITING_DECISION");

    /**
     * How the watch ended.
     *
     * @param status the run's status then
     * @param timedOut whether {@code --timeout} passed before the run ended
     */
    record Ending(String status, boolean timedOut) {

        /** {@code --exit-status}: the run's outcome as an exit code (PARTIAL succeeded: only optional steps failed). */
        int exitCode() {
            if (timedOut) {
                return WAITING_FOR_PEOPLE.contains(status) ? ExitCode.STILL_WAITING : ExitCode.FAILED;
            }
            return switch (status) {
                case "SUCCEEDED", "PARTIAL" -> ExitCode.OK;
                case "CANCELLED" -> ExitCode.CANCELLED;
                default -> ExitCode.FAILED;
            };
        }
    }

    /** What shows the run: the live view or plain lines. */
    interface Display {

        void started(JsonNode run);

        void event(JsonNode event);

        /** The run as it is when watching ends (it ended, or the time was up). */
        void ended(JsonNode run, boolean timedOut);

        /** Ctrl-C: leave the screen tidy. */
        void interrupted();
    }

    private final Environment env;
    private final Api api;
    private final String runId;

    RunWatch(Environment env, Api api, String runId) {
        this.env = env;
        this.api = api;
        this.runId = runId;
    }

    /** Follows the run until it ends or {@code timeout} (null: no limit) passes. */
    Ending follow(Duration timeout) {
        JsonNode run = api.get(Runs.path(runId));
        Display display = env.liveTerminal() ? new LiveView(env, run) : new PlainLines(env, runId);
        display.started(run); // a run that has ended already streams its whole history, then ends

        Instant deadline = timeout == null ? null : env.clock().instant().plus(timeout);
        Thread onCtrlC = new Thread(() -> {
            display.interrupted();
            env.err().println("Stopped watching. Run " + runId + " goes on; watch it again with: cku runs watch " + runId);
            env.err().flush();
        }, "cku-ctrl-c");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            boolean ended = stream(display, deadline);
            JsonNode last = api.get(Runs.path(runId));
            display.ended(last, !ended);
            return new Ending(last.path("status").asString(), !ended);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it says what happened
            }
        }
    }

    /** True when the run ended, false when the deadline passed first. */
    private boolean stream(Display display, Instant deadline) {
        EventStream events = new EventStream(api, Runs.path(runId) + "/events", env.clock());
        try {
            return events.follow(frame -> {
                JsonNode event = Api.JSON.readTree(frame.data());
                display.event(event);
                return !"run.finished".equals(event.path("type").asString());
            }, deadline);
        } catch (EventStream.Refused | EventStream.Reset e) {
            return poll(display, deadline);
        }
    }

    /** The long poll: waits for each change of the run's version (30 s at a time) until it ends, showing each new status. */
    private boolean poll(Display display, Instant deadline) {
        long version = -1;
        while (deadline == null || env.clock().instant().isBefore(deadline)) {
            JsonNode run = api.get(Runs.path(runId) + (version < 0 ? "" : "?waitForChangeAfter=" + version + "&timeout=" + wait(deadline)));
            if (ENDS.contains(run.path("status").asString())) {
                return true;
            }
            if (run.path("version").asLong() != version && version >= 0) {
                ObjectNode changed = Api.JSON.createObjectNode().put("type", "run.status-changed").put("at", run.path("updatedAt").asString(""));
                changed.set("data", run);
                display.event(changed);
            }
            version = run.path("version").asLong();
        }
        return false;
    }

    private String wait(Instant deadline) {
        long millis = deadline == null ? 30_000 : Math.min(30_000, Math.max(1, Duration.between(env.clock().instant(), deadline).toMillis()));
        return millis + "ms";
    }
}

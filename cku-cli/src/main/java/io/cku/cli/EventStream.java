package io.cku.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A Server-Sent Events stream of the service, followed across dropped connections: each reconnect sends the last id seen
 * as {@code Last-Event-ID}, so the service replays exactly what was missed (no line lost, none repeated).
 */
final class EventStream {

    /** One event: its id (the resume cursor), its type, and its JSON. */
    record Event(String id, String type, String data) {
    }

    /** The service will not stream to this caller now (too many streams, or a service without streams): poll instead. */
    static final class Refused extends RuntimeException {

        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The stream cannot be resumed from the last id ({@code reset}): read the state afresh. */
    static final class Reset extends RuntimeException {

        Reset() {
            super("the event stream was reset", null, false, false);
        }
    }

    private static final int MAX_FAILURES_IN_A_ROW = 10;

    private final Api api;
    private final String path;
    private final Clock clock;
    private String lastId;
    private long retryMillis = 3000;
    private long delivered;

    EventStream(Api api, String path, Clock clock) {
        this.api = api;
        this.path = path;
        this.clock = clock;
    }

    String lastId() {
        return lastId;
    }

    /**
     * Hands each event to {@code handler} until it answers false (true then), or the deadline passes (false then; null for
     * none). A connection that drops is resumed after the stream's retry interval; ten failures in a row give up (exit 5).
     */
    boolean follow(Predicate<Event> handler, Instant deadline) {
        return follow(handler, () -> deadline);
    }

    /** {@link #follow(Predicate, Instant)} with a deadline that may move (it is read again every 100 ms). */
    boolean follow(Predicate<Event> handler, Supplier<Instant> deadlines) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cku-stream-deadline");
            thread.setDaemon(true);
            return thread;
        });
        try {
            int failures = 0;
            while (true) {
                Instant deadline = deadlines.get();
                if (deadline != null && !clock.instant().isBefore(deadline)) {
                    return false;
                }
                try {
                    long before = delivered;
                    if (read(handler, deadlines, timer)) {
                        return true;
                    }
                    // the stream ended (overflow, a proxy, the server going away): resume at once if it carried events,
                    // else as after a failure, so a stream that keeps ending empty is not reopened in a tight loop
                    failures = delivered > before ? 0 : failures + 1;
                    if (failures >= MAX_FAILURES_IN_A_ROW) {
                        throw new CommandFailed(ExitCode.UNAVAILABLE, "the event stream of " + api.url() + " keeps ending without events");
                    }
                } catch (IOException e) {
                    deadline = deadlines.get();
                    if (deadline != null && !clock.instant().isBefore(deadline)) {
                        return false;
                    }
                    if (++failures >= MAX_FAILURES_IN_A_ROW) {
                        throw new CommandFailed(ExitCode.UNAVAILABLE, "lost the event stream of " + api.url() + " (" + e.getMessage()
                                + ") and could not resume it " + MAX_FAILURES_IN_A_ROW + " times");
                    }
                } catch (CommandFailed e) {
                    if (e.exitCode() != ExitCode.UNAVAILABLE || e.httpStatus() != 0 || ++failures >= MAX_FAILURES_IN_A_ROW) {
                        throw e;
                    }
                }
                pause(failures == 0 ? 0 : retryMillis);
            }
        } finally {
            timer.shutdownNow();
        }
    }

    /** One connection: true when the handler had enough, false when the stream ended and should be resumed. */
    private boolean read(Predicate<Event> handler, Supplier<Instant> deadlines, ScheduledExecutorService timer) throws IOException {
        Map<String, String> headers = new HashMap<>(Map.of("Accept", "text/event-stream", "Timeout", "none"));
        if (lastId != null) {
            headers.put("Last-Event-ID", lastId);
        }
        HttpResponse<InputStream> response;
        try {
            response = api.open(path, headers);
        } catch (CommandFailed e) {
            if (e.httpStatus() == 429 || e.httpStatus() == 406 || e.httpStatus() == 405 || e.httpStatus() == 501) {
                throw new Refused(e.getMessage());
            }
            throw e;
        }
        try (InputStream in = response.body()) {
            Thread reader = Thread.currentThread();
            Cut cut = new Cut();
            ScheduledFuture<?> closer = timer.scheduleWithFixedDelay(() -> {
                Instant deadline = deadlines.get();
                if (deadline != null && !clock.instant().isBefore(deadline)) {
                    cut.now(in, reader);
                    throw new IllegalStateException("done"); // runs once: an exception ends a periodic task
                }
            }, 100, 100, TimeUnit.MILLISECONDS);
            try {
                return frames(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), handler);
            } finally {
                closer.cancel(false);
                cut.readingEnded();
            }
        }
    }

    /**
     * Ends a read at the deadline: closes the stream and interrupts the reader (a read blocked in the HTTP client wakes on
     * the interrupt), but only while it is still reading, and takes its interrupt back after, so no later call is hit.
     */
    private static final class Cut {

        private boolean reading = true;
        private boolean interrupted;

        synchronized void now(InputStream in, Thread reader) {
            if (reading) {
                close(in);
                reader.interrupt();
                interrupted = true;
            }
        }

        synchronized void readingEnded() {
            reading = false;
            if (interrupted) {
                Thread.interrupted();
            }
        }
    }

    private boolean frames(BufferedReader reader, Predicate<Event> handler) throws IOException {
        String id = null;
        String type = null;
        StringBuilder data = new StringBuilder();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.isEmpty()) {
                if (data.length() > 0 || type != null) {
                    Event event = new Event(id != null ? id : lastId, type == null ? "message" : type, data.toString());
                    if (event.id() != null) {
                        lastId = event.id();
                    }
                    if (event.type().equals("reset")) {
                        throw new Reset();
                    }
                    if (event.type().equals("overflow")) {
                        return false; // resume from its id: nothing is lost
                    }
                    delivered++;
                    if (!handler.test(event)) {
                        return true;
                    }
                }
                id = null;
                type = null;
                data.setLength(0);
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
            switch (field) {
                case "id" -> id = value;
                case "event" -> type = value;
                case "data" -> data.append(data.length() > 0 ? "\n" : "").append(value);
                case "retry" -> retryMillis = value.matches("\\d{1,7}") ? Long.parseLong(value) : retryMillis;
                default -> { } // unknown fields are ignored, as the SSE specification says
            }
        }
        return false;
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // the reader sees the stream end either way
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailed(ExitCode.FAILED, "interrupted");
        }
    }
}

package io.cku.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;

/**
 * A Server-Sent Events client over real HTTP, reading on a thread of its own: the frames it received (events and comments),
 * and whether the server ended the stream.
 */
final class EventStreamClient implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One frame: an event (id, type, data) or a comment (type null, data the comment). */
    record Frame(String id, String type, String data, boolean comment) {

        long number() {
            return Long.parseLong(id);
        }

        JsonNode json() {
            return Api.json(data);
        }
    }

    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final List<Frame> received = new CopyOnWriteArrayList<>();
    private final int status;
    private final String contentType;
    private final String errorBody;
    private volatile boolean ended;
    private final Thread reader;
    private final Stream<String> lines;
    private volatile String retry;

    private EventStreamClient(HttpResponse<Stream<String>> response) {
        this.status = response.statusCode();
        this.contentType = response.headers().firstValue("Content-Type").orElse("");
        this.lines = response.body();
        if (status != 200) {
            this.errorBody = String.join("\n", lines.toList());
            this.ended = true;
            this.reader = null;
            return;
        }
        this.errorBody = null;
        this.reader = new Thread(this::read, "sse-client");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Opens {@code path} on the service at {@code base} with a token and extra headers. */
    static EventStreamClient open(String base, String token, String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/event-stream").GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            return new EventStreamClient(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static EventStreamClient open(Api api, String path) {
        return open(api.base(), api.token(), path, Map.of());
    }

    int status() {
        return status;
    }

    String contentType() {
        return contentType;
    }

    String errorBody() {
        return errorBody;
    }

    String retry() {
        return retry;
    }

    boolean ended() {
        return ended;
    }

    /** Every event received so far (no comments). */
    List<Frame> events() {
        return received.stream().filter(frame -> !frame.comment()).toList();
    }

    List<Frame> comments() {
        return received.stream().filter(Frame::comment).toList();
    }

    List<Long> ids() {
        return events().stream().map(Frame::number).toList();
    }

    /** Waits for the next event (skipping comments) of which {@code wanted} holds, failing after the timeout. */
    Frame await(Predicate<Frame> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Frame frame;
            try {
                frame = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (frame == null) {
                throw new AssertionError("no such event within " + timeout + "; received " + describe());
            }
            if (!frame.comment() && wanted.test(frame)) {
                return frame;
            }
        }
    }

    Frame awaitType(String type, Duration timeout) {
        return await(frame -> type.equals(frame.type()), timeout);
    }

    /** Waits until the server ends the stream. */
    void awaitEnd(Duration timeout) throws InterruptedException {
        if (reader == null) {
            throw new AssertionError("the stream was refused with " + status + ": " + errorBody);
        }
        reader.join(timeout.toMillis());
        if (!ended) {
            throw new AssertionError("the stream is still open after " + timeout + "; received " + describe());
        }
    }

    String describe() {
        List<String> shown = new ArrayList<>();
        for (Frame frame : received) {
            shown.add(frame.comment() ? ":" + frame.data() : frame.id() + " " + frame.type());
        }
        return shown.toString();
    }

    private void read() {
        String id = null;
        String type = null;
        StringBuilder data = new StringBuilder();
        try {
            var iterator = lines.iterator();
            while (iterator.hasNext()) {
                String line = iterator.next();
                if (line.isEmpty()) {
                    if (data.length() > 0 || type != null) {
                        add(new Frame(id, type == null ? "message" : type, data.toString(), false));
                    }
                    id = null;
                    type = null;
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    add(new Frame(null, null, line.substring(1).trim(), true));
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1);
                    value = value.startsWith(" ") ? value.substring(1) : value;
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> type = value;
                        case "data" -> data.append(data.length() > 0 ? "\n" : "").append(value);
                        case "retry" -> retry = value;
                        default -> {
                        }
                    }
                }
            }
        } catch (RuntimeException closed) {
            // the stream was closed from this side
        } finally {
            ended = true;
        }
    }

    private void add(Frame frame) {
        received.add(frame);
        frames.add(frame);
    }

    @Override
    public void close() {
        lines.close();
    }
}

package io.cku.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Following a stream across connections that drop, against a small SSE server whose connections end where the test says:
 * each reconnect sends the last id, and no event is lost or handed over twice. (The real service's stream is covered by
 * the CLI tests in cku-app; dropping its connections mid-event is what this server is for.)
 */
class EventStreamTest {

    private HttpServer server;
    private final List<String> lastEventIds = new CopyOnWriteArrayList<>();
    private final List<String> connections = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void resumesADroppedConnectionFromTheLastIdWithoutLosingOrRepeatingAnEvent() {
        connections.addAll(List.of(
                "retry:10\n\nid:1\nevent:run.submitted\ndata:{\"n\":1}\n\nid:2\nevent:gate.passed\ndata:{\"n\":2}\n\nid:3\nevent:gate.pa",
                "id:3\nevent:gate.passed\ndata:{\"n\":3}\n\n:heartbeat\n\nid:4\nevent:overflow\ndata:\n\n",
                "id:5\nevent:run.finished\ndata:{\"n\":5}\n\nid:6\nevent:never.read\ndata:{}\n\n"));
        server.createContext("/runs/r/events", this::serve);
        List<String> seen = new ArrayList<>();

        boolean ended = stream().follow(event -> {
            seen.add(event.id() + " " + event.type() + " " + event.data());
            return !event.type().equals("run.finished");
        }, (Instant) null);

        assertThat(ended).isTrue();
        assertThat(seen).containsExactly("1 run.submitted {\"n\":1}", "2 gate.passed {\"n\":2}", "3 gate.passed {\"n\":3}",
                "5 run.finished {\"n\":5}");
        assertThat(lastEventIds).containsExactly("", "2", "4");
    }

    @Test
    void saysStreamingIsRefusedWhenTheServiceHasTooManyStreams() {
        server.createContext("/runs/r/events", exchange -> {
            byte[] problem = "{\"title\":\"Too many streams\",\"status\":429}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(429, problem.length);
            exchange.getResponseBody().write(problem);
            exchange.close();
        });

        assertThatThrownBy(() -> stream().follow(event -> true, (Instant) null)).isInstanceOf(EventStream.Refused.class);
    }

    @Test
    void stopsAtTheDeadlineWhileTheStreamIsQuiet() {
        server.createContext("/runs/r/events", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write("id:1\nevent:run.submitted\ndata:{}\n\n".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush(); // and then nothing, until the client goes
        });

        long started = System.nanoTime();
        boolean ended = stream().follow(event -> true, Instant.now().plusMillis(500));

        assertThat(ended).isFalse();
        assertThat((System.nanoTime() - started) / 1_000_000).isBetween(400L, 5_000L);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    private EventStream stream() {
        return new EventStream(new Api("http://127.0.0.1:" + server.getAddress().getPort(), Session.given("token")), "/runs/r/events",
                Clock.systemUTC());
    }

    /** Answers each connection with the next scripted body, then closes it (as a proxy dropping it would). */
    private void serve(HttpExchange exchange) throws IOException {
        String lastEventId = exchange.getRequestHeaders().getFirst("Last-Event-ID");
        lastEventIds.add(lastEventId == null ? "" : lastEventId);
        String body = connections.isEmpty() ? "" : connections.remove(0);
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body.getBytes(StandardCharsets.UTF_8));
        }
    }
}

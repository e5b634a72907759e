package io.cku.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The watch when the service refuses to stream ({@code 429 too-many-streams}): it follows the run by the long poll instead,
 * to the same ending. A small server plays the service's part, because the real one refuses streams only at its limits.
 */
class RunWatchTest {

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicBoolean changed = new AtomicBoolean();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/runs/r", this::serve);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void fallsBackToTheLongPollWhenStreamingIsRefusedAndEndsWithTheRun() {
        StringWriter out = new StringWriter();
        Environment env = new Environment(Map.of(), new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true),
                new PrintWriter(new StringWriter()), null, false, Clock.systemUTC());
        Api api = new Api("http://127.0.0.1:" + server.getAddress().getPort(), Session.given("token"));

        RunWatch.Ending ending = new RunWatch(env, api, "r").follow(null);

        assertThat(ending).isEqualTo(new RunWatch.Ending("SUCCEEDED", false));
        assertThat(ending.exitCode()).isZero();
        assertThat(requests).containsSubsequence("GET /runs/r", "GET /runs/r/events", "GET /runs/r",
                "GET /runs/r?waitForChangeAfter=1&timeout=30000ms");
        assertThat(out.toString()).endsWith("Run r SUCCEEDED: all 1 steps succeeded\n");
    }

    private void serve(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestURI().toString();
        requests.add(exchange.getRequestMethod() + " " + target);
        if (target.endsWith("/events")) {
            answer(exchange, 429, "{\"title\":\"Too many streams\",\"status\":429,\"detail\":\"at most 100 open streams\"}");
            return;
        }
        if (target.contains("waitForChangeAfter")) {
            changed.set(true);
        }
        answer(exchange, 200, changed.get()
                ? "{\"id\":\"r\",\"status\":\"SUCCEEDED\",\"version\":2,\"outcome\":\"all 1 steps succeeded\",\"updatedAt\":\"2026-12-07T18:00:01Z\"}"
                : "{\"id\":\"r\",\"intent\":\"x\",\"mode\":\"dev\",\"status\":\"RUNNING\",\"version\":1,\"gates\":[],\"steps\":[]}");
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}

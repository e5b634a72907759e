package io.cku.app;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on loopback for a test: each path answers with the statuses it is given, in order (the last one repeats),
 * and every request is recorded with the time it arrived and, when asked, a snapshot taken as it arrived.
 */
final class LoopbackServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, IntSupplier> answers = new ConcurrentHashMap<>();
    private final Map<String, Long> delays = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile java.util.function.Supplier<String> snapshot = () -> "";

    LoopbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool()); // a slow answer holds up no other request
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.add(new Request(exchange.getRequestMethod(), path, System.nanoTime(), java.time.Instant.now(), snapshot.get()));
            int status = answers.getOrDefault(path, () -> 404).getAsInt();
            long pause = delays.getOrDefault(path, 0L);
            if (pause > 0) {
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = ("{\"path\":\"" + path + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** The path answers these statuses in turn; the last one for every request after. */
    LoopbackServer answer(String path, int... statuses) {
        AtomicInteger next = new AtomicInteger();
        answers.put(path, () -> statuses[Math.min(next.getAndIncrement(), statuses.length - 1)]);
        return this;
    }

    /** The path answers only after this long. */
    LoopbackServer slow(String path, long millis) {
        delays.put(path, millis);
        return this;
    }

    /** What to record alongside each request, as it arrives. */
    LoopbackServer snapshotting(java.util.function.Supplier<String> what) {
        snapshot = what;
        return this;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Request> requests() {
        return new ArrayList<>(requests);
    }

    List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    List<String> paths() {
        return requests.stream().map(Request::path).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** One request as it arrived: {@code nanos} from System.nanoTime(), {@code at} from the wall clock. */
    record Request(String method, String path, long nanos, java.time.Instant at, String snapshot) {
    }
}

package io.cku.app;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToLongFunction;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A witness on a loopback port, answering as c2sp.org/tlog-witness does: 200 with a cosignature line, or (once told to)
 * 409 Conflict with the size it claims to have seen. It can be stopped and started again on the same port.
 */
final class LoopbackWitness {

    static final String PATH = "/add-checkpoint";
    static final String COSIGNATURE = "\u2014 witness.test AAAAAQ==\n";

    /** One request as the witness read it. */
    record Received(String method, String contentType, String body) {
    }

    private final int port;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** The size to answer 409 with, given the request's note; null: accept. */
    private volatile ToLongFunction<String> conflictingSize;
    private HttpServer server;

    LoopbackWitness(int port) {
        this.port = port;
    }

    void start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
        server.createContext(PATH, this::answer);
        server.start();
    }

    void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** From now on, answers 409 with the size this function gives for the posted note. */
    void claimToHaveSeen(ToLongFunction<String> size) {
        conflictingSize = size;
    }

    void accept() {
        conflictingSize = null;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<String> notes() {
        return received.stream().map(Received::body).toList();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Content-Type"), body));

        ToLongFunction<String> conflict = conflictingSize;
        OptionalLong seen = conflict == null ? OptionalLong.empty() : OptionalLong.of(conflict.applyAsLong(body));
        if (seen.isPresent()) {
            send(exchange, 409, "text/x.tlog.size", seen.getAsLong() + "\n");
        } else {
            send(exchange, 200, "text/plain; charset=utf-8", COSIGNATURE);
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

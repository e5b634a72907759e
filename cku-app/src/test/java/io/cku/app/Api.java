package io.cku.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.awaitility.Awaitility;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for tests: real requests to a running service, JSON answers. */
public final class Api {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private final String token;

    public Api(String base) {
        this(base, null);
    }

    private Api(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** The same service, called with this bearer token. */
    public Api withToken(String accessToken) {
        return new Api(base, accessToken);
    }

    /** Logs in with a password and returns a client that sends the token; fails unless the login succeeds. */
    public Api login(String username, String password) {
        Response response = new Api(base).post("/auth/token",
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
        if (response.status() != 200) {
            throw new AssertionError("login of " + username + " failed with " + response.status() + ": " + response.body());
        }
        return withToken(response.json().get("access_token").asString());
    }

    public String base() {
        return base;
    }

    public String token() {
        return token;
    }

    public Response post(String path, String body) {
        return post(path, body, Map.of("Content-Type", "application/json"));
    }

    public Response post(String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request);
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Response patch(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json"));
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    /** Any method, body and headers, for tests that probe odd requests. */
    public Response send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request);
    }

    /** Submits a run and returns its id, failing unless the service accepted it. */
    public String submit(String body) {
        Response response = post("/runs", body);
        if (response.status() != 202) {
            throw new AssertionError("expected 202 but got " + response.status() + ": " + response.body());
        }
        return response.json().get("id").asString();
    }

    /** Polls the run until it has the status, or fails after the timeout. */
    public JsonNode awaitStatus(String id, String status, Duration timeout) {
        return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(() -> get("/runs/" + id).json(), run -> run.get("status").asString().equals(status));
    }

    /** Parses JSON text. */
    public static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    /** A plan of {@code count} noop steps named s1..sN, as JSON. */
    public static String noopRun(int count) {
        StringBuilder steps = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            steps.append(i > 1 ? "," : "").append("{\"name\":\"s").append(i).append("\",\"skill\":\"noop\"}");
        }
        return "{\"intent\":\"test run\",\"mode\":\"dev\",\"plan\":{\"steps\":[" + steps + "]}}";
    }

    private Response send(HttpRequest.Builder request) {
        if (token != null) {
            request.setHeader("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Location"),
                    response.headers().firstValue("Content-Type").orElse(""), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** One HTTP answer. */
    public record Response(int status, Optional<String> location, String contentType, String body,
            Map<String, java.util.List<String>> headers) {

        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).flatMap(e -> e.getValue().stream())
                    .findFirst();
        }

        /** Whether the body is an RFC 9457 problem with this status. */
        public boolean isProblem() {
            if (!contentType.startsWith("application/problem+json")) {
                return false;
            }
            JsonNode problem = json();
            return problem.path("status").asInt() == status && problem.hasNonNull("title") && problem.hasNonNull("type");
        }

        public JsonNode json() {
            return JSON.readTree(body);
        }
    }
}

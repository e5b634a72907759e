package io.cku.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/**
 * The service's HTTP API as the CLI uses it: JSON in and out, the session's bearer token on every call, one silent refresh
 * when the service refuses an expired token, and every refusal turned into a {@link CommandFailed} with its exit code and
 * the problem's title and detail.
 */
final class Api {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(90);

    private final String url;
    private final Session session;

    /** Calls as the session's caller; {@code session} null for the routes that need no token (login). */
    Api(String url, Session session) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.session = session;
    }

    String url() {
        return url;
    }

    JsonNode get(String path) {
        return json(call("GET", path, null, Map.of()));
    }

    JsonNode post(String path, Object body) {
        return post(path, body, Map.of());
    }

    JsonNode post(String path, Object body, Map<String, String> headers) {
        return json(call("POST", path, body, headers));
    }

    JsonNode patch(String path, Object body) {
        return json(call("PATCH", path, body, Map.of()));
    }

    JsonNode delete(String path) {
        return json(call("DELETE", path, null, Map.of()));
    }

    /** A {@code text/plain} answer, such as a signed checkpoint. */
    String text(String path) {
        return new String(call("GET", path, null, Map.of("Accept", "text/plain")).body(), StandardCharsets.UTF_8);
    }

    /** A streamed answer (events, an export), open for reading; any refusal is thrown before anything is read. */
    HttpResponse<InputStream> open(String path, Map<String, String> headers) {
        return exchange("GET", path, null, headers, HttpResponse.BodyHandlers.ofInputStream(), Api::readAll);
    }

    private HttpResponse<byte[]> call(String method, String path, Object body, Map<String, String> headers) {
        return exchange(method, path, body, headers, HttpResponse.BodyHandlers.ofByteArray(), response -> response.body());
    }

    private <T> HttpResponse<T> exchange(String method, String path, Object body, Map<String, String> headers,
            HttpResponse.BodyHandler<T> handler, Function<HttpResponse<T>, byte[]> problemBody) {
        HttpResponse<T> response = send(request(method, path, body, headers), handler);
        if (response.statusCode() == 401 && session != null && session.refreshAfterRefusal(this)) {
            response = send(request(method, path, body, headers), handler);
        }
        if (response.statusCode() >= 400) {
            throw failure(response.statusCode(), problemBody.apply(response));
        }
        return response;
    }

    private HttpRequest request(String method, String path, Object body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Accept", "application/json")
                .header("User-Agent", "cku/" + Cku.VERSION);
        if (!headers.containsKey("Timeout")) {
            request.timeout(CALL_TIMEOUT);
        }
        headers.forEach((name, value) -> {
            if (!name.equals("Timeout")) {
                request.setHeader(name, value);
            }
        });
        if (session != null) {
            request.header("Authorization", "Bearer " + session.accessToken(this));
        }
        if (body == null) {
            return request.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        byte[] json = body instanceof byte[] bytes ? bytes : JSON.writeValueAsBytes(body);
        return request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(json)).build();
    }

    private URI uri(String path) {
        try {
            return URI.create(url + path);
        } catch (IllegalArgumentException e) {
            throw new CommandFailed(ExitCode.USAGE, "'" + url + path + "' is not a URL: " + e.getMessage());
        }
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return HTTP.send(request, handler);
        } catch (HttpConnectTimeoutException e) {
            throw unreachable("no answer to the connection within 10 s");
        } catch (HttpTimeoutException e) {
            throw new CommandFailed(ExitCode.UNAVAILABLE, url + " did not answer within " + CALL_TIMEOUT.toSeconds() + " s");
        } catch (ConnectException e) {
            throw unreachable("connection refused");
        } catch (IOException e) {
            throw unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailed(ExitCode.UNAVAILABLE, "interrupted while waiting for " + url);
        } catch (IllegalArgumentException e) {
            throw new CommandFailed(ExitCode.USAGE, "'" + url + "' is not a usable URL: " + e.getMessage());
        }
    }

    private CommandFailed unreachable(String why) {
        return new CommandFailed(ExitCode.UNAVAILABLE, "cannot reach " + url + " (" + why + "): is the service running there? "
                + "Check the URL (cku login --url, or CKU_URL)");
    }

    /** The answer as JSON; a JSON null for an empty answer (204). */
    private static JsonNode json(HttpResponse<byte[]> response) {
        if (response.body().length == 0) {
            return NullNode.getInstance();
        }
        try {
            return JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new CommandFailed(ExitCode.UNAVAILABLE, "the service answered " + response.statusCode() + " with something that is not JSON");
        }
    }

    /** A refusal as one line: the problem's title and detail, and which fields were wrong. */
    static CommandFailed failure(int status, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        JsonNode problem;
        try {
            problem = JSON.readTree(text);
        } catch (JacksonException e) {
            problem = NullNode.getInstance();
        }
        StringBuilder message = new StringBuilder(problem.path("title").asString("HTTP " + status));
        String detail = problem.path("detail").asString("");
        if (!detail.isEmpty()) {
            message.append(": ").append(detail);
        }
        for (JsonNode error : problem.path("errors")) {
            message.append("; ").append(error.path("field").asString()).append(' ').append(error.path("message").asString());
        }
        return new CommandFailed(exitCode(status), message.toString(), problem.isObject() ? problem.toPrettyString() : text, status);
    }

    private static int exitCode(int status) {
        return switch (status) {
            case 401, 403 -> ExitCode.NOT_PERMITTED;
            case 404 -> ExitCode.NOT_FOUND;
            case 409 -> ExitCode.FAILED;
            default -> status >= 500 ? ExitCode.UNAVAILABLE : ExitCode.USAGE;
        };
    }

    private static byte[] readAll(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            return in.readNBytes(64 * 1024);
        } catch (IOException e) {
            return new byte[0];
        }
    }
}

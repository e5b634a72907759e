package io.cku.skillengine.builtin;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

import org.springframework.stereotype.Component;

import io.cku.shared.CanonicalJson;
import io.cku.shared.FailureClass;
import io.cku.shared.RiskLevel;
import io.cku.skillengine.Skill;
import io.cku.skillengine.SkillContext;
import io.cku.skillengine.SkillProperties;
import io.cku.skillengine.SkillResult;

/**
 * Makes one HTTP request and checks its status. Link-local and cloud metadata addresses are refused, both as
 * written in the step and as the host name resolves when the request is made; redirects are not followed.
 */
@Component
class HttpSkill implements Skill {

    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final Set<String> REPEATABLE = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");
    private static final long MAX_TIMEOUT_MS = 300_000;
    private static final int PREVIEW_CHARS = 300;

    private final SkillProperties properties;
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    HttpSkill(SkillProperties properties) {
        this.properties = properties;
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public String description() {
        return "Sends an HTTP request (params.method, url, headers, body) and checks the status (params.expectStatus).";
    }

    @Override
    public Set<String> keywords() {
        return Set.of("http", "https", "call", "request", "api", "webhook", "url", "endpoint", "get", "post");
    }

    @Override
    public RiskLevel risk() {
        return RiskLevel.MEDIUM;
    }

    @Override
    public boolean idempotent(Map<String, Object> params) {
        return REPEATABLE.contains(method(params));
    }

    /** The origin the request goes to: requests to one origin share a circuit. */
    @Override
    public String target(Map<String, Object> params) {
        try {
            URI uri = URI.create(String.valueOf(params.get("url")));
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    @Override
    public List<String> validate(Map<String, Object> params) {
        List<String> problems = new ArrayList<>();
        Params p = new Params(params, problems);
        String url = p.requiredString("url");
        p.stringMap("headers");
        p.longWithin("timeoutMs", 1, 1, MAX_TIMEOUT_MS);
        p.wholeNumbers("expectStatus", 100, 599);
        if (!METHODS.contains(method(params))) {
            problems.add("params.method must be one of " + METHODS + ", was '" + params.get("method") + "'");
        }
        if (url != null) {
            HttpTargets.checkUrl(url, problems);
        }
        return problems;
    }

    @Override
    public SkillResult execute(SkillContext context) throws InterruptedException {
        List<String> problems = validate(context.params());
        if (!problems.isEmpty()) {
            return SkillResult.failed("invalid-params", String.join("; ", problems));
        }
        Params p = new Params(context.params(), problems);
        URI uri = URI.create(p.requiredString("url"));
        // the name may resolve elsewhere now than when the step was validated, so the addresses are checked here
        String refused = HttpTargets.refusedAtResolution(uri.getHost());
        if (refused != null) {
            return SkillResult.failed("refused-target", refused);
        }

        long timeoutMs = Math.min(p.longWithin("timeoutMs", properties.http().defaultTimeout().toMillis(), 1, MAX_TIMEOUT_MS),
                budgetMs(context));
        try {
            return exchange(request(uri, p, Duration.ofMillis(timeoutMs)), timeoutMs, context);
        } catch (IllegalArgumentException e) {
            return SkillResult.failed("invalid-request", "cannot send this request to " + uri + ": " + e.getMessage());
        }
    }

    private SkillResult exchange(HttpRequest request, long timeoutMs, SkillContext context) throws InterruptedException {
        CompletableFuture<HttpResponse<String>> pending = client.sendAsync(request, this::limitedBody);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        try {
            while (true) {
                try {
                    return answer(pending.get(Math.min(100, Math.max(1, remainingMs(deadline))), TimeUnit.MILLISECONDS), context);
                } catch (TimeoutException e) {
                    if (context.cancellation() != null && context.cancellation().isCancelled()) {
                        return SkillResult.failed("cancelled", "cancelled while waiting for " + request.uri());
                    }
                    if (remainingMs(deadline) <= 0) {
                        return SkillResult.failed("timeout", "timed out after " + timeoutMs + " ms waiting for " + request.uri());
                    }
                } catch (ExecutionException e) {
                    return failure(e.getCause(), request.uri(), timeoutMs);
                }
            }
        } finally {
            pending.cancel(true);
        }
    }

    private SkillResult answer(HttpResponse<String> response, SkillContext context) {
        List<Integer> expected = new Params(context.params(), new ArrayList<>()).wholeNumbers("expectStatus", 100, 599);
        int status = response.statusCode();
        String body = response.body();
        boolean ok = expected.isEmpty() ? status >= 200 && status < 300 : expected.contains(status);
        if (!ok) {
            String wanted = expected.isEmpty() ? "2xx" : expected.size() == 1 ? expected.get(0).toString() : expected.toString();
            String preview = body.isEmpty() ? "" : ": " + Truncation.cut(body, PREVIEW_CHARS);
            return SkillResult.failed("http-" + status, "expected status " + wanted + " but got " + status + preview);
        }
        String contentType = response.headers().firstValue("content-type").orElse("");
        return SkillResult.succeeded(Map.of("status", status, "headers", Map.of("content-type", contentType), "body", body));
    }

    private static HttpRequest request(URI uri, Params p, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout);
        Map<String, String> headers = p.stringMap("headers");
        headers.forEach(builder::header);
        Object body = p.raw("body");
        HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.noBody();
        if (body instanceof String text) {
            publisher = HttpRequest.BodyPublishers.ofString(text);
        } else if (body != null) {
            publisher = HttpRequest.BodyPublishers.ofString(CanonicalJson.write(body));
            if (headers.keySet().stream().noneMatch(name -> name.equalsIgnoreCase("content-type"))) {
                builder.header("Content-Type", "application/json");
            }
        }
        return builder.method(method(p.raw("method")), publisher).build();
    }

    private static String method(Map<String, Object> params) {
        return method(params.get("method"));
    }

    private static String method(Object method) {
        return method == null ? "GET" : String.valueOf(method).toUpperCase(Locale.ROOT);
    }

    /**
     * Error types: {@code connect} when nothing was sent (could not connect, or not in time), {@code tls} when the server's
     * certificate or handshake was refused (permanent: trying again meets the same certificate), {@code timeout} while
     * waiting for the answer, {@code connection} when the connection broke after the request may have been sent, else the
     * exception's name.
     */
    private static SkillResult failure(Throwable failure, URI uri, long timeoutMs) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String where = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        String detail = cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")";
        if (cause instanceof HttpConnectTimeoutException) {
            return SkillResult.failed("connect", "could not connect to " + where + " within " + timeoutMs + " ms");
        }
        if (cause instanceof HttpTimeoutException) {
            return SkillResult.failed("timeout", "timed out after " + timeoutMs + " ms waiting for " + uri);
        }
        if (cause instanceof ConnectException) {
            return SkillResult.failed("connect", "could not connect to " + where + detail);
        }
        if (cause instanceof SSLException) {
            return SkillResult.failed("tls", FailureClass.PERMANENT, "TLS with " + where + " failed" + detail);
        }
        String type = cause instanceof IOException ? "connection" : cause.getClass().getSimpleName();
        return SkillResult.failed(type, "request to " + uri + " failed: " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    }

    private static long budgetMs(SkillContext context) {
        return context.timeout() == null ? MAX_TIMEOUT_MS : Math.max(1, context.timeout().toMillis());
    }

    private static long remainingMs(long deadlineNanos) {
        return TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    }

    private HttpResponse.BodySubscriber<String> limitedBody(HttpResponse.ResponseInfo info) {
        Charset charset = LimitedBody.charset(info.headers().firstValue("content-type").orElse(""));
        int maxChars = properties.maxOutputChars();
        return HttpResponse.BodySubscribers.fromSubscriber(new LimitedBody(maxChars * 4), body -> body.text(charset, maxChars));
    }
}

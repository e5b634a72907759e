package io.cku.skillengine.builtin;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.RequestNotExecutedException;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.entity.BasicAsyncEntityProducer;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.springframework.stereotype.Component;

import io.cku.shared.CanonicalJson;
import io.cku.shared.FailureClass;
import io.cku.shared.RiskLevel;
import io.cku.skillengine.DestinationGuard;
import io.cku.skillengine.DestinationRefused;
import io.cku.skillengine.Skill;
import io.cku.skillengine.SkillContext;
import io.cku.skillengine.SkillProperties;
import io.cku.skillengine.SkillResult;

/**
 * Makes one HTTP request and checks its status. Where it may connect is the {@link DestinationGuard}'s decision: an
 * address the step writes is judged when the step is validated, a name when it is resolved for the connection, which
 * then goes to the addresses that were judged. Redirects are not followed.
 */
@Component
class HttpSkill implements Skill, AutoCloseable {

    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final Set<String> REPEATABLE = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");
    // the client sets these itself; a step's Host header would send a checked connection to another virtual host
    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final long MAX_TIMEOUT_MS = 300_000;
    private static final int PREVIEW_CHARS = 300;

    private final SkillProperties properties;
    private final DestinationGuard guard;
    private final CloseableHttpAsyncClient client;

    HttpSkill(SkillProperties properties, DestinationGuard guard) {
        this.properties = properties;
        this.guard = guard;
        this.client = OutboundClient.start(guard);
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
            return HttpTarget.of(String.valueOf(params.get("url"))).origin();
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
            HttpTarget.check(url, guard, problems);
        }
        return problems;
    }

    @Override
    public SkillResult execute(SkillContext context) throws InterruptedException {
        List<String> problems = validate(context.params());
        if (!problems.isEmpty()) {
            return refusedOrInvalid(problems);
        }
        Params p = new Params(context.params(), problems);
        URI uri = HttpTarget.of(p.requiredString("url")).uri();

        long timeoutMs = Math.min(p.longWithin("timeoutMs", properties.http().defaultTimeout().toMillis(), 1, MAX_TIMEOUT_MS),
                budgetMs(context));
        try {
            return exchange(request(uri, p), uri, timeoutMs, context);
        } catch (IllegalArgumentException e) {
            return SkillResult.failed("invalid-request", "cannot send this request to " + uri + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }

    /** A refused address that reached execution (the configuration changed since the step was validated) is no typo: it fails for good. */
    private static SkillResult refusedOrInvalid(List<String> problems) {
        String refused = problems.stream().filter(problem -> problem.startsWith("params.url: refused ")).findFirst().orElse(null);
        return refused == null ? SkillResult.failed("invalid-params", String.join("; ", problems))
                : SkillResult.failed("refused-destination", FailureClass.PERMANENT, refused.substring("params.url: ".length()));
    }

    private SkillResult exchange(AsyncRequestProducer request, URI uri, long timeoutMs, SkillContext context)
            throws InterruptedException {
        HttpClientContext exchangeContext = HttpClientContext.create();
        exchangeContext.setRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofMilliseconds(timeoutMs)).build());
        int maxChars = properties.maxOutputChars();
        Future<LimitedBody.Answer> pending = client.execute(request, new LimitedBody(maxChars * 4, maxChars), exchangeContext, null);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        try {
            while (true) {
                try {
                    return answer(pending.get(Math.min(100, Math.max(1, remainingMs(deadline))), TimeUnit.MILLISECONDS), context);
                } catch (TimeoutException e) {
                    if (context.cancellation() != null && context.cancellation().isCancelled()) {
                        return SkillResult.failed("cancelled", "cancelled while waiting for " + uri);
                    }
                    if (remainingMs(deadline) <= 0) {
                        return SkillResult.failed("timeout", "timed out after " + timeoutMs + " ms waiting for " + uri);
                    }
                } catch (ExecutionException e) {
                    return failure(e.getCause(), uri, timeoutMs);
                }
            }
        } finally {
            pending.cancel(true);
        }
    }

    private SkillResult answer(LimitedBody.Answer response, SkillContext context) {
        List<Integer> expected = new Params(context.params(), new ArrayList<>()).wholeNumbers("expectStatus", 100, 599);
        int status = response.status();
        String body = response.body();
        boolean ok = expected.isEmpty() ? status >= 200 && status < 300 : expected.contains(status);
        if (!ok) {
            String wanted = expected.isEmpty() ? "2xx" : expected.size() == 1 ? expected.get(0).toString() : expected.toString();
            String preview = body.isEmpty() ? "" : ": " + Truncation.cut(body, PREVIEW_CHARS);
            return SkillResult.failed("http-" + status, "expected status " + wanted + " but got " + status + preview);
        }
        return SkillResult.succeeded(Map.of("status", status, "headers", Map.of("content-type", response.contentType()), "body", body));
    }

    private static AsyncRequestProducer request(URI uri, Params p) {
        AsyncRequestBuilder builder = AsyncRequestBuilder.create(method(p.raw("method"))).setUri(uri);
        Map<String, String> headers = p.stringMap("headers");
        headers.forEach((name, value) -> builder.addHeader(checkedName(name), checkedValue(name, value)));
        Object body = p.raw("body");
        if (body instanceof String text) {
            builder.setEntity(new BasicAsyncEntityProducer(text.getBytes(StandardCharsets.UTF_8), null));
        } else if (body != null) {
            builder.setEntity(new BasicAsyncEntityProducer(CanonicalJson.write(body).getBytes(StandardCharsets.UTF_8), null));
            if (headers.keySet().stream().noneMatch(name -> name.equalsIgnoreCase("content-type"))) {
                builder.addHeader("Content-Type", "application/json");
            }
        }
        return builder.build();
    }

    private static String checkedName(String name) {
        if (!TOKEN.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid header name: \"" + name + "\"");
        }
        if (RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("restricted header name: \"" + name + "\"");
        }
        return name;
    }

    private static String checkedValue(String name, String value) {
        if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw new IllegalArgumentException("invalid header value for header \"" + name + "\"");
        }
        return value;
    }

    private static String method(Map<String, Object> params) {
        return method(params.get("method"));
    }

    private static String method(Object method) {
        return method == null ? "GET" : String.valueOf(method).toUpperCase(Locale.ROOT);
    }

    /**
     * Error types: {@code refused-destination} when the guard refused every way there (permanent: the same address is
     * refused again), {@code connect} when nothing was sent (could not connect, or not in time), {@code tls} when the
     * server's certificate or handshake was refused (permanent: trying again meets the same certificate), {@code timeout}
     * while waiting for the answer, {@code connection} when the connection broke after the request may have been sent,
     * {@code unknown-host} when the name resolves to nothing, else the exception's name.
     */
    private static SkillResult failure(Throwable cause, URI uri, long timeoutMs) {
        String where = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        String detail = cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")";
        if (cause instanceof DestinationRefused refused) {
            return SkillResult.failed("refused-destination", FailureClass.PERMANENT, refused.getMessage());
        }
        if (cause instanceof UnknownHostException) {
            return SkillResult.failed("unknown-host", "unknown host " + uri.getHost() + detail);
        }
        if (cause instanceof ConnectTimeoutException) {
            return SkillResult.failed("connect", "could not connect to " + where + " within " + timeoutMs + " ms");
        }
        if (cause instanceof ConnectException || cause instanceof RequestNotExecutedException) {
            return SkillResult.failed("connect", "could not connect to " + where + detail);
        }
        if (cause instanceof SocketTimeoutException) {
            return SkillResult.failed("timeout", "timed out after " + timeoutMs + " ms waiting for " + uri);
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
}

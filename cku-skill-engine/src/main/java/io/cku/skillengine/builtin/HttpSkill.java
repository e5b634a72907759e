package io.cku.skillengine.builtin;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.springframework.stereotype.Component;

import io.cku.shared.FailureClass;
import io.cku.shared.RiskLevel;
import io.cku.skillengine.DestinationGuard;
import io.cku.skillengine.Refusal;
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
        Params p = new Params(context.params(), new ArrayList<>());
        URI uri = HttpTarget.of(p.requiredString("url")).uri();

        long timeoutMs = Math.min(p.longWithin("timeoutMs", properties.http().defaultTimeout().toMillis(), 1, MAX_TIMEOUT_MS),
                budgetMs(context));
        try {
            return exchange(HttpRequests.of(uri, method(p.raw("method")), p), uri, timeoutMs, context);
        } catch (IllegalArgumentException e) {
            return SkillResult.failed("invalid-request", "cannot send this request to " + uri + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }

    /**
     * A refused address that reaches execution (the allowed networks changed since the step was validated) fails for good,
     * like one the guard finds when it resolves a name; other problems fail as they do for every skill.
     */
    @Override
    public SkillResult refuse(Map<String, Object> params, List<String> problems) {
        return refusalWithoutLookup(params)
                .map(refusal -> SkillResult.failed("refused-destination", FailureClass.PERMANENT, refusal.reason()))
                .orElseGet(() -> Skill.super.refuse(params, problems));
    }

    private Optional<Refusal> refusalWithoutLookup(Map<String, Object> params) {
        try {
            HttpTarget target = HttpTarget.of(String.valueOf(params.get("url")));
            return guard.refusalWithoutLookup(target.host(), target.port());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private SkillResult exchange(AsyncRequestProducer request, URI uri, long timeoutMs, SkillContext context)
            throws InterruptedException {
        HttpClientContext exchangeContext = HttpClientContext.create();
        exchangeContext.setRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofMilliseconds(timeoutMs)).build());
        int maxChars = properties.maxOutputChars();
        Future<LimitedBody.Answer> pending = client.execute(request, new LimitedBody(maxChars * 4, maxChars), exchangeContext, null);
        Deadline deadline = Deadline.after(timeoutMs, context.cancellation());
        try {
            while (true) {
                try {
                    return answer(pending.get(deadline.sliceMs(), TimeUnit.MILLISECONDS), context);
                } catch (TimeoutException e) {
                    Optional<Deadline.Stop> stop = deadline.stop();
                    if (stop.isPresent()) {
                        return stopped(stop.get(), deadline, uri);
                    }
                } catch (ExecutionException e) {
                    return HttpFailures.of(e.getCause(), uri, timeoutMs);
                }
            }
        } finally {
            pending.cancel(true);
        }
    }

    private static SkillResult stopped(Deadline.Stop stop, Deadline deadline, URI uri) {
        return switch (stop) {
            case CANCELLED -> SkillResult.failed("cancelled", "cancelled while waiting for " + uri);
            case TIMED_OUT -> SkillResult.failed("timeout", "timed out after " + deadline.timeoutMs() + " ms waiting for " + uri);
        };
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

    private static String method(Map<String, Object> params) {
        return method(params.get("method"));
    }

    private static String method(Object method) {
        return method == null ? "GET" : String.valueOf(method).toUpperCase(Locale.ROOT);
    }

    private static long budgetMs(SkillContext context) {
        return context.timeout() == null ? MAX_TIMEOUT_MS : Math.max(1, context.timeout().toMillis());
    }
}

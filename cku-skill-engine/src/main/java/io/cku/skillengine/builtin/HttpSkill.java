package io.cku.skillengine.builtin;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.stereotype.Component;

import io.cku.shared.CanonicalJson;
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

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final Set<String> REPEATABLE = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");
    private static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata", "metadata.goog");
    private static final long MAX_TIMEOUT_MS = 300_000;

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

    @Override
    public List<String> validate(Map<String, Object> params) {
        List<String> problems = new ArrayList<>();
        Params p = new Params(params, problems);
        String url = p.requiredString("url");
        p.stringMap("headers");
        p.longWithin("timeoutMs", 1, 1, MAX_TIMEOUT_MS);
        if (!METHODS.contains(method(params))) {
            problems.add("params.method must be one of " + METHODS + ", was '" + params.get("method") + "'");
        }
        expectedStatuses(params.get("expectStatus"), problems);
        if (url != null) {
            checkUrl(url, problems);
        }
        return problems;
    }

    @Override
    public SkillResult execute(SkillContext context) throws InterruptedException {
        Map<String, Object> params = context.params();
        Params p = new Params(params, new ArrayList<>());
        URI uri = URI.create(p.requiredString("url"));
        String refused = refusedAddress(uri.getHost());
        if (refused != null) {
            return SkillResult.failed(refused);
        }
        long timeoutMs = Math.min(p.longWithin("timeoutMs", properties.http().defaultTimeout().toMillis(), 1, MAX_TIMEOUT_MS),
                context.timeout().toMillis());
        HttpRequest request = request(uri, params, p, Duration.ofMillis(timeoutMs));
        CompletableFuture<HttpResponse<String>> pending = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            return answer(awaitResponse(pending, context), params);
        } catch (TimeoutException e) {
            return SkillResult.failed("no answer from " + uri + " within " + timeoutMs + " ms");
        } catch (ExecutionException e) {
            return SkillResult.failed("request to " + uri + " failed: " + e.getCause());
        } finally {
            pending.cancel(true);
        }
    }

    private HttpResponse<String> awaitResponse(CompletableFuture<HttpResponse<String>> pending, SkillContext context)
            throws InterruptedException, ExecutionException, TimeoutException {
        while (true) {
            try {
                return pending.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (context.cancellation().isCancelled()) {
                    throw new InterruptedException("cancelled while waiting for the answer");
                }
                if (pending.isCompletedExceptionally()) {
                    throw e;
                }
            }
        }
    }

    private SkillResult answer(HttpResponse<String> response, Map<String, Object> params) {
        List<Integer> expected = expectedStatuses(params.get("expectStatus"), new ArrayList<>());
        int status = response.statusCode();
        String body = Truncation.cut(response.body(), properties.maxOutputChars());
        boolean ok = expected.isEmpty() ? status >= 200 && status < 300 : expected.contains(status);
        if (!ok) {
            String wanted = expected.isEmpty() ? "2xx" : expected.toString();
            return SkillResult.failed("expected status " + wanted + " but got " + status + ": " + Truncation.cut(body, 300));
        }
        String contentType = response.headers().firstValue("content-type").orElse("");
        return SkillResult.succeeded(Map.of("status", status, "headers", Map.of("content-type", contentType), "body", body));
    }

    private static HttpRequest request(URI uri, Map<String, Object> params, Params p, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout);
        Map<String, String> headers = p.stringMap("headers");
        headers.forEach(builder::header);
        Object body = params.get("body");
        HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.noBody();
        if (body instanceof String text) {
            publisher = HttpRequest.BodyPublishers.ofString(text);
        } else if (body != null) {
            publisher = HttpRequest.BodyPublishers.ofString(CanonicalJson.write(body));
            if (headers.keySet().stream().noneMatch(name -> name.equalsIgnoreCase("content-type"))) {
                builder.header("Content-Type", "application/json");
            }
        }
        return builder.method(method(params), publisher).build();
    }

    private static String method(Map<String, Object> params) {
        Object method = params.get("method");
        return method == null ? "GET" : String.valueOf(method).toUpperCase(Locale.ROOT);
    }

    private static List<Integer> expectedStatuses(Object value, List<String> problems) {
        List<Object> given = value == null ? List.of() : value instanceof List<?> list ? new ArrayList<>(list) : List.of(value);
        List<Integer> statuses = new ArrayList<>();
        for (Object status : given) {
            if (status instanceof Integer code && code >= 100 && code <= 599) {
                statuses.add(code);
            } else {
                problems.add("params.expectStatus must be a status code from 100 to 599 or an array of them, was " + value);
                return List.of();
            }
        }
        return statuses;
    }

    private static void checkUrl(String url, List<String> problems) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            problems.add("params.url is not a valid URL: '" + url + "'");
            return;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            problems.add("params.url must be an absolute http or https URL with a host, was '" + url + "'");
            return;
        }
        String host = uri.getHost().replaceAll("^\\[|\\]$", "");
        if (METADATA_HOSTS.contains(host.toLowerCase(Locale.ROOT))) {
            problems.add("params.url targets a cloud metadata service, which is refused");
        } else if (isLiteralAddress(host) && refusedAddress(host) != null) {
            problems.add("params.url targets a link-local or cloud metadata address, which is refused");
        }
    }

    /** Why requests to this host are refused, or null when they are allowed. */
    private static String refusedAddress(String rawHost) {
        String host = rawHost.replaceAll("^\\[|\\]$", "");
        if (METADATA_HOSTS.contains(host.toLowerCase(Locale.ROOT))) {
            return "refused: " + host + " is a cloud metadata service";
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (address.isLinkLocalAddress() || address.isAnyLocalAddress() || isMetadata(address)) {
                    return "refused: " + host + " resolves to " + address.getHostAddress() + ", a link-local or metadata address";
                }
            }
            return null;
        } catch (UnknownHostException e) {
            return "unknown host " + host;
        }
    }

    private static boolean isMetadata(InetAddress address) {
        String text = address.getHostAddress();
        return text.equals("169.254.169.254") || text.equals("100.100.100.200") || text.startsWith("fd00:ec2:0:0:0:0:0:254");
    }

    private static boolean isLiteralAddress(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }
}

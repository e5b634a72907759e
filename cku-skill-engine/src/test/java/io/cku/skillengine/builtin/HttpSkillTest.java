package io.cku.skillengine.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.cku.shared.FailureClass;
import io.cku.shared.RiskLevel;
import io.cku.skillengine.SkillContext;
import io.cku.skillengine.SkillResult;

class HttpSkillTest {

    @TempDir
    Path workspace;

    private HttpServer server;
    private ExecutorService handlers;
    private String base;
    private HttpSkill skill;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", exchange -> respond(exchange, 200, "text/plain; charset=utf-8", "hello"));
        server.createContext("/broken", exchange -> respond(exchange, 500, "text/plain", "database down"));
        server.createContext("/echo", exchange -> respond(exchange, 200, "text/plain", exchange.getRequestMethod() + " "
                + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        server.createContext("/big", exchange -> respond(exchange, 200, "text/plain", "x".repeat(100_000)));
        server.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", "/ok");
            respond(exchange, 302, "text/plain", "");
        });
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 200, "text/plain", "late");
        });
        handlers = Executors.newCachedThreadPool();
        server.setExecutor(handlers);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        skill = HttpSkills.allowing(workspace, 256, "127.0.0.1/32");
    }

    @AfterEach
    void stopServer() {
        skill.close();
        server.stop(0);
        handlers.shutdownNow();
    }

    @Test
    void getReturnsStatusContentTypeAndBody() throws Exception {
        SkillResult result = skill.execute(context(Map.of("url", base + "/ok")));

        assertThat(result).isEqualTo(SkillResult.succeeded(Map.of("status", 200,
                "headers", Map.of("content-type", "text/plain; charset=utf-8"), "body", "hello")));
    }

    @Test
    void failsOnAnUnexpectedStatusShowingTheStartOfTheBody() throws Exception {
        SkillResult result = skill.execute(context(Map.of("url", base + "/broken")));

        assertThat(result).isEqualTo(SkillResult.failed("http-500", "expected status 2xx but got 500: database down"));
    }

    @Test
    void acceptsTheStatusesTheStepExpects() throws Exception {
        SkillResult accepted = skill.execute(context(Map.of("url", base + "/broken", "expectStatus", 500)));
        SkillResult refused = skill.execute(context(Map.of("url", base + "/ok", "expectStatus", List.of(201, 204))));

        assertThat(accepted).isInstanceOf(SkillResult.Succeeded.class);
        assertThat(refused).isEqualTo(SkillResult.failed("http-200", "expected status [201, 204] but got 200: hello"));
    }

    @Test
    void postsAnObjectBodyAsJson() throws Exception {
        Map<String, Object> params = Map.of("method", "POST", "url", base + "/echo",
                "body", Map.of("name", "cku", "count", 2));

        SkillResult result = skill.execute(context(params));

        assertThat(body(result)).isEqualTo("POST application/json {\"count\":2,\"name\":\"cku\"}");
    }

    @Test
    void sendsAStringBodyAsItIsWithTheGivenContentType() throws Exception {
        Map<String, Object> params = Map.of("method", "put", "url", base + "/echo",
                "headers", Map.of("content-type", "text/csv"), "body", "a,b\n1,2");

        SkillResult result = skill.execute(context(params));

        assertThat(body(result)).isEqualTo("PUT text/csv a,b\n1,2");
    }

    @Test
    void doesNotFollowRedirects() throws Exception {
        SkillResult result = skill.execute(context(Map.of("url", base + "/redirect", "expectStatus", 302)));

        assertThat(result).isInstanceOf(SkillResult.Succeeded.class);
        assertThat(((Map<?, ?>) ((SkillResult.Succeeded) result).output()).get("status")).isEqualTo(302);
    }

    @Test
    void truncatesALargeBodyToMaxOutputChars() throws Exception {
        SkillResult result = skill.execute(context(Map.of("url", base + "/big")));

        assertThat(body(result)).isEqualTo("x".repeat(256) + "\n… (truncated, 100000 bytes in all)");
    }

    @Test
    void failsWhenTheServerDoesNotAnswerInTime() throws Exception {
        long started = System.nanoTime();

        SkillResult result = skill.execute(context(Map.of("url", base + "/slow", "timeoutMs", 300)));

        assertThat(result).isEqualTo(SkillResult.failed("timeout", "timed out after 300 ms waiting for " + base + "/slow"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aRefusedConnectionIsTypedConnectBecauseNothingWasSent() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        SkillResult result = skill.execute(context(Map.of("url", "http://127.0.0.1:" + closedPort + "/x")));

        assertThat(result).isInstanceOfSatisfying(SkillResult.Failed.class, failed -> {
            assertThat(failed.errorType()).isEqualTo("connect");
            assertThat(failed.error()).startsWith("could not connect to 127.0.0.1:" + closedPort);
        });
    }

    @Test
    void stopsWaitingWhenTheRunIsCancelled() throws Exception {
        SkillContext context = new SkillContext(UUID.randomUUID(), "call", Map.of("url", base + "/slow"),
                Duration.ofMinutes(1), TestCancellation.alreadyCancelled());
        long started = System.nanoTime();

        SkillResult result = skill.execute(context);

        assertThat(result).isEqualTo(SkillResult.failed("cancelled", "cancelled while waiting for " + base + "/slow"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void failsReadablyWhenNothingListens() throws Exception {
        String url = base + "/ok";
        server.stop(0);

        SkillResult result = skill.execute(context(Map.of("url", url)));

        assertThat(result).isInstanceOf(SkillResult.Failed.class);
        assertThat(((SkillResult.Failed) result).error()).startsWith("could not connect to 127.0.0.1:");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            http://169.254.169.254/latest/meta-data/ | refused 169.254.169.254: metadata (never allowed)
            http://[fe80::1]/                        | refused fe80::1: link-local (cku.skills.http.allowed-networks)
            http://169.254.1.1:8080/                 | refused 169.254.1.1: link-local (cku.skills.http.allowed-networks)
            http://100.100.100.200/                  | refused 100.100.100.200: metadata (never allowed)
            http://[fd00:ec2::254]/                  | refused fd00:ec2::254: metadata (never allowed)
            http://0.0.0.0/                          | refused 0.0.0.0: unspecified (cku.skills.http.allowed-networks)
            http://10.0.0.8/hook                     | refused 10.0.0.8: private (cku.skills.http.allowed-networks)
            http://127.0.0.2/                        | refused 127.0.0.2: loopback (cku.skills.http.allowed-networks)
            """)
    void refusesAddressesOutsideTheAllowedNetworksNamingTheAddressAndTheRule(String url, String reason) throws Exception {
        assertThat(skill.validate(Map.of("url", url))).containsExactly("params.url: " + reason);
        // the engine validates at execution and lets the skill name the failure of a refused address
        assertThat(Engines.of(skill, workspace).execute("http", context(Map.of("url", url))))
                .isEqualTo(SkillResult.failed("refused-destination", FailureClass.PERMANENT, reason));
    }

    @ParameterizedTest
    @CsvSource({"http://metadata.google.internal/computeMetadata/v1/, metadata.google.internal", "http://METADATA/, metadata",
            "https://metadata.goog./, metadata.goog"})
    void refusesMetadataHostNames(String url, String name) {
        assertThat(skill.validate(Map.of("url", url))).containsExactly("params.url: refused " + name + ": metadata (never allowed)");
    }

    @Test
    void allowsTheAllowedNetworkAndNothingElseOfLoopback() {
        assertThat(skill.validate(Map.of("url", base + "/ok"))).isEmpty();
        assertThat(skill.validate(Map.of("url", "http://[::1]/"))).containsExactly(
                "params.url: refused ::1: loopback (cku.skills.http.allowed-networks)");
    }

    @Test
    void refusesAHostHeaderThatWouldSendTheCheckedConnectionToAnotherVirtualHost() throws Exception {
        SkillResult result = skill.execute(context(Map.of("url", base + "/ok", "headers", Map.of("Host", "internal.example"))));

        assertThat(result).isEqualTo(SkillResult.failed("invalid-request",
                "cannot send this request to " + base + "/ok: restricted header name: \"Host\""));
    }

    @Test
    void refusesAMissingOrNonHttpUrl() {
        assertThat(skill.validate(Map.of())).containsExactly("params.url is required and must be a non-empty string");
        assertThat(skill.validate(Map.of("url", "file:///etc/passwd")))
                .containsExactly("params.url must be an absolute http or https URL with a host, was 'file:///etc/passwd'");
        assertThat(skill.validate(Map.of("url", "/relative"))).hasSize(1);
    }

    @Test
    void refusesBadMethodStatusTimeoutAndHeaders() {
        Map<String, Object> params = new HashMap<>();
        params.put("url", base + "/ok");
        params.put("method", "TRACE");
        params.put("expectStatus", List.of(200, 99));
        params.put("timeoutMs", 300_001);
        params.put("headers", Map.of("x-count", 3));

        assertThat(skill.validate(params)).containsExactlyInAnyOrder(
                "params.method must be one of [GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS], was 'TRACE'",
                "params.expectStatus must be a whole number from 100 to 599 or an array of them, was [200, 99]",
                "params.timeoutMs must be within 1..300000, was 300001",
                "params.headers must be an object of string values");
    }

    @Test
    void isIdempotentOnlyForRepeatableMethods() {
        assertThat(skill.idempotent(Map.of("url", base))).isTrue();
        assertThat(skill.idempotent(Map.of("url", base, "method", "put"))).isTrue();
        assertThat(skill.idempotent(Map.of("url", base, "method", "DELETE"))).isTrue();
        assertThat(skill.idempotent(Map.of("url", base, "method", "POST"))).isFalse();
        assertThat(skill.idempotent(Map.of("url", base, "method", "PATCH"))).isFalse();
        assertThat(skill.risk()).isEqualTo(RiskLevel.MEDIUM);
    }

    private static String body(SkillResult result) {
        assertThat(result).isInstanceOf(SkillResult.Succeeded.class);
        return (String) ((Map<?, ?>) ((SkillResult.Succeeded) result).output()).get("body");
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static SkillContext context(Map<String, Object> params) {
        return new SkillContext(UUID.randomUUID(), "call", params, Duration.ofSeconds(30), TestCancellation.notCancelled());
    }
}

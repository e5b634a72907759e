package io.cku.skillengine.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.cku.skillengine.SkillContext;
import io.cku.skillengine.SkillProperties;
import io.cku.skillengine.SkillResult;

/** A redirect is an answer like any other: reported with its status, never followed. */
class HttpSkillRedirectTest {

    @TempDir
    Path workspace;

    private final AtomicInteger targetRequests = new AtomicInteger();
    private HttpServer server;
    private String base;
    private HttpSkill skill;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", base + "/target");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/missing", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.createContext("/target", exchange -> {
            targetRequests.incrementAndGet();
            byte[] body = "arrived".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        skill = HttpSkills.allowing(workspace, 1000, "127.0.0.1/32");
    }

    @AfterEach
    void stopServer() {
        skill.close();
        server.stop(0);
    }

    @Test
    void reportsARedirectAsAFailedStatusWithoutFollowingIt() throws Exception {
        SkillResult result = skill.execute(context(Map.of("url", base + "/moved")));

        assertThat(result).isEqualTo(SkillResult.failed("http-302", "expected status 2xx but got 302"));
        assertThat(targetRequests).hasValue(0);
    }

    @Test
    void anExpectedNotFoundSucceedsWithItsStatus() throws Exception {
        SkillResult result = skill.execute(context(Map.of("url", base + "/missing", "expectStatus", 404)));

        assertThat(result).isInstanceOf(SkillResult.Succeeded.class);
        assertThat(((Map<?, ?>) ((SkillResult.Succeeded) result).output()).get("status")).isEqualTo(404);
    }

    @Test
    void refusesAnFtpUrl() {
        assertThat(skill.validate(Map.of("url", "ftp://example.org/file")))
                .containsExactly("params.url must be an absolute http or https URL with a host, was 'ftp://example.org/file'");
    }

    private static SkillContext context(Map<String, Object> params) {
        return new SkillContext(UUID.randomUUID(), "call", params, Duration.ofSeconds(30), null);
    }
}

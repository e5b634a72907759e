package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.zaxxer.hikari.HikariDataSource;

import io.cku.app.Api.Response;
import redis.embedded.RedisServer;

/**
 * Two application instances on one database and one real (embedded) Redis: the rate limits are shared, so a client cannot
 * double its allowance by spreading requests over instances. Each refused request is a 429 problem with Retry-After.
 */
class SharedRateLimitTest {

    private static final int PER_PRINCIPAL = 4;
    private static final int PER_IP = 12;
    private static final String PASSWORD = "rate-limit-admin-password";

    private static RedisServer redis;
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;

    @BeforeAll
    static void startRedisAndTwoInstances() throws IOException {
        int redisPort = freePort();
        redis = RedisServer.newRedisServer().port(redisPort).setting("bind 127.0.0.1").setting("save \"\"").build();
        redis.start();
        first = start(redisPort, null);
        String database = ((HikariDataSource) first.getBean(DataSource.class)).getJdbcUrl();
        second = start(redisPort, database);
    }

    @AfterAll
    static void stopAll() throws IOException {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
        if (redis != null) {
            redis.stop();
        }
    }

    @Test
    void limitsAreSharedAcrossInstancesPerPrincipalAndPerClientAddress() {
        List<Api> instances = List.of(api(first), api(second));
        Api admin = instances.get(0).login("admin", PASSWORD);
        List<Api> asAdmin = List.of(admin, instances.get(1).withToken(admin.token()));

        List<Response> principal = untilRefused(asAdmin, PER_PRINCIPAL + 5);
        List<Response> address = untilRefused(instances, PER_IP + 5);

        assertRefusedAfter(principal, PER_PRINCIPAL, "for you");
        int ipUsed = 1 + principal.size(); // the login and every request above drew from the address's bucket too
        assertRefusedAfter(address, PER_IP - ipUsed, "from your address");
    }

    /** Alternates between the instances until one refuses; returns every answer. */
    private static List<Response> untilRefused(List<Api> instances, int atMost) {
        List<Response> answers = new ArrayList<>();
        for (int i = 0; i < atMost; i++) {
            Response response = instances.get(i % 2).get("/runs");
            answers.add(response);
            if (response.status() == 429) {
                break;
            }
        }
        return answers;
    }

    /** {@code allowed} requests went through (one more at most, if a token refilled meanwhile), then a 429 problem. */
    private static void assertRefusedAfter(List<Response> answers, int allowed, String whose) {
        Response refused = answers.get(answers.size() - 1);
        assertThat(refused.status()).as("the last answer of %s", answers.stream().map(Response::status).toList()).isEqualTo(429);
        assertThat(answers.size() - 1).isBetween(allowed, allowed + 1);
        assertThat(refused.isProblem()).isTrue();
        assertThat(refused.json().get("detail").asString()).contains(whose);
        assertThat(refused.header("Retry-After")).hasValueSatisfying(seconds -> assertThat(Long.parseLong(seconds)).isPositive());
        assertThat(refused.header("RateLimit-Remaining")).hasValue("0");
        assertThat(answers.get(0).header("RateLimit-Limit")).isPresent();
    }

    private static Api api(ConfigurableApplicationContext instance) {
        return new Api("http://localhost:" + instance.getEnvironment().getProperty("local.server.port"));
    }

    private static ConfigurableApplicationContext start(int redisPort, String database) throws IOException {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--cku.data-dir=" + Files.createTempDirectory("cku-ratelimit-"),
                "--cku.redis.url=redis://127.0.0.1:" + redisPort,
                "--cku.ratelimit.per-principal-per-minute=" + PER_PRINCIPAL,
                "--cku.ratelimit.per-ip-per-minute=" + PER_IP,
                "--cku.auth.jwt-secret=" + ServiceTest.JWT_SECRET,
                "--cku.auth.admin-password=" + PASSWORD,
                "--cku.orchestrator.workers=1"));
        if (database != null) {
            arguments.addAll(List.of("--cku.db.url=" + database, "--spring.datasource.url=" + database,
                    "--spring.datasource.username=postgres"));
        }
        return new SpringApplicationBuilder(CkuApplication.class).run(arguments.toArray(String[]::new));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

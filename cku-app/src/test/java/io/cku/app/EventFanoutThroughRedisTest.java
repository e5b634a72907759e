package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.zaxxer.hikari.HikariDataSource;

import io.cku.app.EventStreamClient.Frame;
import io.cku.shared.audit.CheckpointSigner;
import io.cku.realtime.EventHub;
import redis.embedded.RedisServer;

/**
 * Two instances on one database and a real (embedded) Redis, reading the stored stream only every 5 s: events reach the
 * other instance at once through Redis pub/sub; while Redis is down they still arrive, by that read, and none is lost;
 * once Redis is back they are immediate again.
 */
class EventFanoutThroughRedisTest {

    private static final String PASSWORD = "fanout-admin-password";
    private static final String SIGNING_KEY = CheckpointSigner.encodePrivateKey(CheckpointSigner.generateKeyPair().getPrivate());

    private static int redisPort;
    private static RedisServer redis;
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;

    @BeforeAll
    static void startRedisAndTwoInstances() throws IOException {
        redisPort = freePort();
        redis = redis(redisPort);
        redis.start();
        first = start(null);
        second = start(((HikariDataSource) first.getBean(DataSource.class)).getJdbcUrl());
    }

    @AfterAll
    static void stopAll() throws IOException {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
        if (redis != null && redis.isActive()) {
            redis.stop();
        }
    }

    @Test
    void eventsCrossInstancesThroughRedisAtOnceAndByTheStoreWhileRedisIsDown() throws Exception {
        Api onFirst = api(first).login("admin", PASSWORD);
        Api onSecond = api(second).withToken(onFirst.token());
        try (EventStreamClient stream = EventStreamClient.open(onSecond, "/events?types=run.submitted")) {
            assertThat(stream.status()).isEqualTo(200);
            List<String> submitted = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                long took = deliveryMillis(onFirst, stream, submitted);
                System.out.printf("through Redis: %d ms%n", took);
                assertThat(took).as("with Redis, well before the 5 s read of the store").isLessThan(1_000);
            }

            redis.stop();
            for (int i = 0; i < 3; i++) {
                long took = deliveryMillis(onFirst, stream, submitted);
                System.out.printf("Redis down, by reading the store: %d ms%n", took);
            }

            redis = redis(redisPort);
            redis.start();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> deliveryMillis(onFirst, stream, submitted) < 1_000);

            List<String> seen = stream.events().stream().map(frame -> frame.json().get("runId").asString()).toList();
            assertThat(seen).as("every run submitted, once, in order").containsExactlyElementsOf(submitted);
            assertThat(stream.ids()).isSorted().doesNotHaveDuplicates();
        }
        assertThat(first.getBean(EventHub.class).position()).isPositive();
    }

    /** Submits a run on the first instance and waits for its run.submitted on the stream; how long that took. */
    private static long deliveryMillis(Api onFirst, EventStreamClient stream, List<String> submitted) {
        long sent = System.nanoTime();
        String id = onFirst.submit(Api.noopRun(1));
        submitted.add(id);
        Frame frame = stream.await(f -> f.json().get("runId").asString().equals(id), Duration.ofSeconds(15));
        assertThat(frame.type()).isEqualTo("run.submitted");
        return (System.nanoTime() - sent) / 1_000_000;
    }

    private static RedisServer redis(int port) throws IOException {
        return RedisServer.newRedisServer().port(port).setting("bind 127.0.0.1").setting("save \"\"").build();
    }

    private static Api api(ConfigurableApplicationContext instance) {
        return new Api("http://localhost:" + instance.getEnvironment().getProperty("local.server.port"));
    }

    private static ConfigurableApplicationContext start(String database) throws IOException {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--cku.data-dir=" + Files.createTempDirectory("cku-fanout-"),
                "--cku.db.embedded.durable=false",
                "--cku.redis.url=redis://127.0.0.1:" + redisPort,
                "--cku.events.poll-interval=5s",
                "--cku.ratelimit.per-principal-per-minute=100000",
                "--cku.ratelimit.per-ip-per-minute=100000",
                "--cku.auth.jwt-secret=" + ServiceTest.JWT_SECRET,
                "--cku.auth.admin-password=" + PASSWORD,
                "--cku.audit.signing-key=" + SIGNING_KEY,
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

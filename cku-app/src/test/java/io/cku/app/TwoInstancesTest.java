package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.zaxxer.hikari.HikariDataSource;

import io.cku.app.Api.Response;
import io.cku.audit.AuditLog;
import io.cku.audit.AuditRecord;
import io.cku.shared.audit.CheckpointSigner;
import io.cku.shared.audit.Verification;
import io.cku.shared.Actor;
import io.cku.shared.TenantId;
import redis.embedded.RedisServer;

/**
 * Two application instances on one database and one real (embedded) Redis. The rate limits are shared, so a client cannot
 * double its allowance by spreading requests over instances; each refused request is a 429 problem with Retry-After. The
 * audit chain stays one contiguous chain however both instances append to it.
 */
class TwoInstancesTest {

    private static final int PER_PRINCIPAL = 4;
    private static final int PER_IP = 12;
    private static final String PASSWORD = "rate-limit-admin-password";
    private static final int THREADS = 32;
    private static final int ENTRIES = 10_000;
    private static final String SIGNING_KEY = CheckpointSigner.encodePrivateKey(CheckpointSigner.generateKeyPair().getPrivate());

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

    @Test
    void thirtyTwoThreadsOnTwoInstancesAppendOneContiguousChain() throws Exception {
        AuditLog one = first.getBean(AuditLog.class);
        AuditLog other = second.getBean(AuditLog.class);
        long before = one.integrate();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            AuditLog audit = t % 2 == 0 ? one : other;
            Actor writer = new Actor(Actor.Kind.SERVICE_ACCOUNT, "writer-" + t, TenantId.DEFAULT);
            int firstEntry = t;
            writers.add(pool.submit(() -> {
                for (int n = firstEntry; n < ENTRIES; n += THREADS) {
                    audit.append(new AuditRecord(writer, "test.two-instances", "entry-" + n, Map.of("n", n)));
                }
            }));
        }
        for (Future<?> done : writers) {
            done.get();
        }
        pool.shutdown();
        long after = Math.max(one.integrate(), other.integrate());

        JdbcClient jdbc = first.getBean(JdbcClient.class);
        assertThat(after - before).isGreaterThanOrEqualTo(ENTRIES);
        assertThat(jdbc.sql("SELECT count(DISTINCT subject) FROM audit_entries WHERE action = 'test.two-instances'").query(Long.class)
                .single()).isEqualTo(ENTRIES);
        // the shared service may append meanwhile (a signed checkpoint, another test's run): the chain stays contiguous
        List<Long> chain = jdbc.sql("SELECT count(*), min(seq), max(seq) FROM audit_entries").query((rs, n) -> List.of(rs.getLong(1),
                rs.getLong(2), rs.getLong(3))).single();
        assertThat(chain.get(1)).isEqualTo(1L);
        assertThat(chain.get(2)).as("no gap, no fork").isEqualTo(chain.get(0)).isGreaterThanOrEqualTo(after);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_queue WHERE position(convert_to('test.two-instances', 'UTF8') in prefix || suffix) > 0")
                .query(Long.class).single()).as("none of this test's entries left queued").isZero();
        Verification verified = other.verify(1, Long.MAX_VALUE);
        assertThat(verified.valid()).as(verified.reason()).isTrue();
        assertThat(verified.checked()).isGreaterThanOrEqualTo(after);
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
                "--cku.data-dir=" + Files.createTempDirectory("cku-two-instances-"),
                "--cku.redis.url=redis://127.0.0.1:" + redisPort,
                "--cku.ratelimit.per-principal-per-minute=" + PER_PRINCIPAL,
                "--cku.ratelimit.per-ip-per-minute=" + PER_IP,
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

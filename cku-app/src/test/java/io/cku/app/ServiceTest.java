package io.cku.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Base of the tests that talk to the whole service over real HTTP. Every subclass shares one Spring context and so
 * one embedded PostgreSQL per JVM: keep the configuration here, not in subclasses.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(RecordedEvents.class)
public abstract class ServiceTest {

    protected static final Path DATA_DIR = createDataDir();
    /** The signing key of the test service, so tests can forge tokens as an attacker who knows it would. */
    protected static final String JWT_SECRET = "test-secret-of-at-least-thirty-two-bytes-0123456789";
    protected static final String ADMIN_PASSWORD = "admin-password-for-tests";
    /** A tenant with a PAUSE freeze on environment dev and a REJECT freeze on environment payments-db, until 2100. */
    protected static final String FROZEN_TENANT = "frozen";
    /** A tenant whose OPERATORs configuration allows to submit prod runs. */
    protected static final String PROD_OPERATORS_TENANT = "prod-operators";
    /**
     * The loopback port of the one witness every checkpoint is sent to. Nothing listens there except while
     * WitnessDeliveryTest runs its witness: other tests' checkpoints wait (retried quietly) until it does.
     */
    protected static final int WITNESS_PORT = freeLoopbackPort();
    private static final java.util.Map<Integer, String> ADMIN_TOKENS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Event streams one caller may hold open on one instance. */
    protected static final int STREAMS_PER_PRINCIPAL = 10;

    /** Transient failures in a row that open a circuit, and how long it stays open. */
    protected static final int CIRCUIT_THRESHOLD = 3;

    /** Tenants whose learning loop proposes, or only shadows, what it learns (LearningLoopTest). */
    protected static final String PROPOSING_TENANT = "learn-propose";
    protected static final String SHADOW_LEARNING_TENANT = "learn-shadow";

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected RecordedEvents recordedEvents;

    @Autowired
    private DataSource dataSource;

    @DynamicPropertySource
    static void serviceProperties(DynamicPropertyRegistry registry) {
        registry.add("cku.data-dir", DATA_DIR::toString);
        registry.add("cku.db.embedded.durable", () -> "false"); // a throwaway database: no fsync waits in the suite
        registry.add("cku.learning.ddl-auto", () -> "validate"); // the learning entities match the Flyway schema
        registry.add("cku.skills.shell.enabled", () -> "true");
        registry.add("cku.skills.shell.allowed-commands", () -> "echo");
        // the loopback servers of the tests listen on 127.0.0.1; anything else of loopback stays refused, and so does
        // the service's own port there (OutboundDestinationTest)
        registry.add("cku.skills.http.allowed-networks", () -> "127.0.0.1/32");
        registry.add("cku.auth.jwt-secret", () -> JWT_SECRET);
        registry.add("cku.auth.admin-password", () -> ADMIN_PASSWORD);
        registry.add("cku.audit.checkpoint.every-entries", () -> "100000000");
        registry.add("cku.audit.checkpoint.every-seconds", () -> "24h");
        // the tamper tests break the chain for a moment: a background check then would hold other tests' runs
        registry.add("cku.audit.monitor.interval", () -> "24h");
        registry.add("cku.audit.monitor.newest", () -> "50");
        registry.add("cku.audit.witness.urls", () -> "http://127.0.0.1:" + WITNESS_PORT + "/add-checkpoint");
        registry.add("cku.audit.witness.initial-backoff", () -> "50ms");
        registry.add("cku.audit.witness.max-backoff", () -> "400ms");
        registry.add("cku.audit.witness.timeout", () -> "2s");
        registry.add("cku.audit.witness.check-interval", () -> "200ms");
        registry.add("cku.events.heartbeat", () -> "300ms");
        registry.add("cku.events.max-subscribers-per-principal", () -> String.valueOf(STREAMS_PER_PRINCIPAL));
        registry.add("cku.healing.circuit.failure-threshold", () -> String.valueOf(CIRCUIT_THRESHOLD));
        registry.add("cku.healing.circuit.cool-down", () -> "1500ms");
        registry.add("cku.ratelimit.per-principal-per-minute", () -> "1000000");
        registry.add("cku.ratelimit.per-ip-per-minute", () -> "1000000");
        registry.add("cku.governance.modes.staging.approval-deadline", () -> "3s");
        registry.add("cku.governance.deadline-check-interval", () -> "200ms");
        registry.add("cku.governance.modes.prod.approval-escalation", () -> "1h");
        registry.add("cku.governance.freezes.tenants." + FROZEN_TENANT + "[0].name", () -> "release-freeze");
        registry.add("cku.governance.freezes.tenants." + FROZEN_TENANT + "[0].environments", () -> "dev");
        registry.add("cku.governance.freezes.tenants." + FROZEN_TENANT + "[0].start", () -> "2020-01-01T00:00:00Z");
        registry.add("cku.governance.freezes.tenants." + FROZEN_TENANT + "[0].end", () -> "2100-01-01T00:00:00Z");
        registry.add("cku.governance.freezes.tenants." + FROZEN_TENANT + "[1].name", () -> "database-lockdown");
        registry.add("cku.governance.freezes.tenants." + FROZEN_TENANT + "[1].environments", () -> "payments-db");
        registry.add("cku.governance.freezes.tenants." + FROZEN_TENANT + "[1].start", () -> "2020-01-01T00:00:00Z");
        registry.add("cku.governance.freezes.tenants." + FROZEN_TENANT + "[1].end", () -> "2100-01-01T00:00:00Z");
        registry.add("cku.governance.freezes.tenants." + FROZEN_TENANT + "[1].on-freeze", () -> "REJECT");
        registry.add("cku.learning.tenants." + PROPOSING_TENANT, () -> "propose");
        registry.add("cku.learning.tenants." + SHADOW_LEARNING_TENANT, () -> "shadow");
        registry.add("cku.policy.tenants." + PROD_OPERATORS_TENANT + ".roles.OPERATOR",
                () -> "runs:read,runs:submit,runs:cancel,runs:submit:prod");
    }

    /** The service, called as the bootstrap administrator (tenant default, role ADMIN). */
    protected Api api() {
        String token = ADMIN_TOKENS.computeIfAbsent(port, p -> anonymous().login("admin", ADMIN_PASSWORD).token());
        return anonymous().withToken(token);
    }

    /** The service, called without any token. */
    protected Api anonymous() {
        return new Api("http://localhost:" + port);
    }

    /**
     * Starts a second instance of the service on this one's database, with the same configuration and data directory (so the
     * same signing keys). Expensive: start it once per test class and close it after.
     */
    protected ConfigurableApplicationContext anotherInstance() {
        return anotherInstance(Map.of());
    }

    /** {@link #anotherInstance()} with these properties added or changed ({@code cku.events.buffer-size} → {@code 20}). */
    protected ConfigurableApplicationContext anotherInstance(Map<String, String> properties) {
        String database = ((HikariDataSource) dataSource).getJdbcUrl();
        Map<String, String> settings = new LinkedHashMap<>(Map.of("server.port", "0", "cku.db.url", database, "spring.datasource.url", database,
                "spring.datasource.username", "postgres", "cku.orchestrator.workers", "1"));
        serviceProperties((name, value) -> settings.put(name, String.valueOf(value.get())));
        settings.putAll(properties); // one value a name: a repeated command-line option would be read as a list
        return new SpringApplicationBuilder(CkuApplication.class)
                .run(settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    /** A client of an instance started by {@link #anotherInstance()}, without any token. */
    protected static Api anonymous(ConfigurableApplicationContext instance) {
        return new Api("http://localhost:" + instance.getEnvironment().getProperty("local.server.port"));
    }

    /** Creates a user with these roles in this tenant (as the administrator) and returns a client logged in as them. */
    protected Api userWith(String tenant, String... roles) {
        String username = "u-" + java.util.UUID.randomUUID().toString().substring(0, 12);
        String password = "password-" + username;
        String roleList = java.util.Arrays.stream(roles).map(r -> "\"" + r + "\"").collect(java.util.stream.Collectors.joining(","));
        Api.Response created = api().post("/admin/users", "{\"username\":\"" + username + "\",\"password\":\"" + password
                + "\",\"tenant\":\"" + tenant + "\",\"roles\":[" + roleList + "]}");
        if (created.status() != 201) {
            throw new AssertionError("creating " + username + " failed with " + created.status() + ": " + created.body());
        }
        return anonymous().login(username, password);
    }

    protected long runCount() {
        return jdbc.sql("SELECT count(*) FROM runs").query(Long.class).single();
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path createDataDir() {
        try {
            return Files.createTempDirectory("cku-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

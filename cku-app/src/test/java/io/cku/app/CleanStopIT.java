package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import tools.jackson.databind.JsonNode;

/**
 * Starts the packaged jar on its defaults (no durability or shutdown setting changed), as a user would, and checks what
 * its embedded database promises and how it stops on a plain {@code kill} (SIGTERM).
 */
class CleanStopIT {

    private static final String ADMIN_PASSWORD = "clean-stop-admin-password";
    private static final Map<String, String> ADMIN = Map.of("CKU_ADMIN_PASSWORD", ADMIN_PASSWORD);

    private PackagedService service;
    private Api admin;

    @BeforeEach
    void freshDataDirectory() throws IOException {
        service = new PackagedService("stop");
    }

    @AfterEach
    void stopService() throws InterruptedException {
        service.close();
    }

    @Test
    void theEmbeddedDatabaseFlushesEveryCommitUnlessDurabilityIsSwitchedOffWithAWarning() throws Exception {
        service.start(ADMIN);

        Map<String, String> settings = settings(embeddedPort(), "fsync", "full_page_writes", "synchronous_commit");

        assertThat(settings).containsEntry("fsync", "on").containsEntry("full_page_writes", "on")
                .containsEntry("synchronous_commit", "on");
        assertThat(Files.readString(service.log())).doesNotContain("cku.db.embedded.durable=false");

        service.stop();
        service.start(ADMIN, "--cku.db.embedded.durable=false");

        assertThat(settings(embeddedPort(), "fsync", "full_page_writes", "synchronous_commit"))
                .containsEntry("fsync", "off").containsEntry("full_page_writes", "off").containsEntry("synchronous_commit", "off");
        assertThat(Files.readAllLines(service.log())).filteredOn(line -> line.contains(" WARN ") && line.contains("cku.db.embedded.durable=false"))
                .singleElement().asString().contains("can lose accepted runs");
    }

    @Test
    void aSigtermWhileRunsAreInFlightStopsInOrderAndEveryRunFinishesAfterTheRestart() throws Exception {
        service.start(ADMIN, "--cku.orchestrator.shutdown-wait=2s");
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runs.add(api().submit(run("finishes within the wait", 1500)));
        }
        String cutShort = api().submit(run("cut short by the stop", 30_000));
        runs.add(cutShort);
        awaitStepRunning(cutShort, 1);

        service.stop();

        assertThat(service.process().exitValue()).isIn(0, 143);
        List<String> lines = Files.readAllLines(service.log());
        assertThat(lines).as("log of the stop (%s)", service.log())
                .noneMatch(line -> line.contains(" ERROR ") || line.contains("FATAL"))
                .noneMatch(line -> line.startsWith("\tat ") || line.startsWith("Caused by:"))
                .anyMatch(line -> line.contains("handed back"));
        try (EmbeddedPostgres database = openStoppedDatabase(); Connection sql = database.getPostgresDatabase().getConnection()) {
            assertThat(count(sql, "SELECT count(*) FROM audit_queue")).as("queued audit entries not linked").isZero();
            assertThat(count(sql, "SELECT count(*) FROM runs WHERE lease_owner IS NOT NULL")).as("runs still held").isZero();
        }

        service.start(ADMIN, "--cku.orchestrator.shutdown-wait=2s");

        for (String id : runs) {
            api().awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(90));
        }
        JsonNode resumed = api().get("/runs/" + cutShort).json().get("steps").get(1);
        assertThat(resumed.get("attempts").asInt()).as("the cut step ran again after the restart").isEqualTo(2);
        assertThat(api().get("/audit/verify").json().get("valid").asBoolean()).isTrue();
    }

    private static String run(String intent, int sleepMs) {
        return """
                {"intent":"%s","plan":{"steps":[
                  {"name":"before","skill":"noop"},
                  {"name":"wait","skill":"sleep","params":{"ms":%d}},
                  {"name":"after","skill":"noop"}]}}""".formatted(intent, sleepMs);
    }

    /** The embedded server's port, from the lock file PostgreSQL writes in its data directory (its fourth line). */
    private int embeddedPort() throws IOException {
        return Integer.parseInt(Files.readAllLines(service.dataDir().resolve("postgres/postmaster.pid")).get(3).trim());
    }

    private static Map<String, String> settings(int port, String... names) throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Connection sql = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "");
                Statement statement = sql.createStatement()) {
            for (String name : names) {
                try (ResultSet row = statement.executeQuery("SHOW " + name)) {
                    row.next();
                    settings.put(name, row.getString(1));
                }
            }
        }
        return settings;
    }

    /** The service's database, opened by the test alone while the service is down, to see what the stop left there. */
    private EmbeddedPostgres openStoppedDatabase() throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(service.dataDir().resolve("postgres")).setCleanDataDirectory(false).start();
    }

    private static long count(Connection sql, String query) throws SQLException {
        try (Statement statement = sql.createStatement(); ResultSet row = statement.executeQuery(query)) {
            row.next();
            return row.getLong(1);
        }
    }

    private void awaitStepRunning(String id, int step) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> api().get("/runs/" + id).json().get("steps").get(step).get("status").asString().equals("RUNNING"));
    }

    private Api api() {
        if (admin == null) {
            admin = service.anonymous().login("admin", ADMIN_PASSWORD);
        }
        return admin;
    }
}

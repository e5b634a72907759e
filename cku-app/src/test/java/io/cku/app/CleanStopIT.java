package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.concurrent.TimeUnit;

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

    private Path dataDir;
    private Path log;
    private int port;
    private Process service;
    private Api admin;

    @BeforeEach
    void freshDataDirectory() throws IOException {
        dataDir = Files.createTempDirectory("cku-stop-");
        log = dataDir.resolve("service.log");
        port = freePort();
    }

    @AfterEach
    void stopService() throws InterruptedException {
        if (service != null && service.isAlive()) {
            service.destroy();
            if (!service.waitFor(60, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
    }

    @Test
    void theEmbeddedDatabaseFlushesEveryCommitUnlessDurabilityIsSwitchedOffWithAWarning() throws Exception {
        start();

        Map<String, String> settings = settings(embeddedPort(), "fsync", "full_page_writes", "synchronous_commit");

        assertThat(settings).containsEntry("fsync", "on").containsEntry("full_page_writes", "on")
                .containsEntry("synchronous_commit", "on");
        assertThat(Files.readString(log)).doesNotContain("cku.db.embedded.durable=false");

        stop();
        start("--cku.db.embedded.durable=false");

        assertThat(settings(embeddedPort(), "fsync", "full_page_writes", "synchronous_commit"))
                .containsEntry("fsync", "off").containsEntry("full_page_writes", "off").containsEntry("synchronous_commit", "off");
        assertThat(Files.readAllLines(log)).filteredOn(line -> line.contains(" WARN ") && line.contains("cku.db.embedded.durable=false"))
                .singleElement().asString().contains("can lose accepted runs");
    }

    @Test
    void aSigtermWhileRunsAreInFlightStopsInOrderAndEveryRunFinishesAfterTheRestart() throws Exception {
        start("--cku.orchestrator.shutdown-wait=2s");
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runs.add(api().submit(run("finishes within the wait", 1500)));
        }
        String cutShort = api().submit(run("cut short by the stop", 30_000));
        runs.add(cutShort);
        awaitStepRunning(cutShort, 1);

        service.destroy(); // SIGTERM, as `kill <pid>` sends it

        assertThat(service.waitFor(90, TimeUnit.SECONDS)).as("stopped within the bounded waits").isTrue();
        assertThat(service.exitValue()).isIn(0, 143);
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).as("log of the stop (%s)", log)
                .noneMatch(line -> line.contains(" ERROR ") || line.contains("FATAL"))
                .noneMatch(line -> line.startsWith("\tat ") || line.startsWith("Caused by:"))
                .anyMatch(line -> line.contains("handed back"));
        try (EmbeddedPostgres database = openStoppedDatabase(); Connection sql = database.getPostgresDatabase().getConnection()) {
            assertThat(count(sql, "SELECT count(*) FROM audit_queue")).as("queued audit entries not linked").isZero();
            assertThat(count(sql, "SELECT count(*) FROM runs WHERE lease_owner IS NOT NULL")).as("runs still held").isZero();
        }

        start("--cku.orchestrator.shutdown-wait=2s");

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

    private void stop() throws InterruptedException {
        service.destroy();
        assertThat(service.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    private void start(String... extra) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-jar", System.getProperty("cku.app.jar", "target/cku-app.jar"),
                "--server.port=" + port, "--cku.data-dir=" + dataDir, "--cku.auth.admin-password=" + ADMIN_PASSWORD));
        command.addAll(List.of(extra));
        service = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Awaitility.await("service on port " + port + " (log: " + log + ")").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> service.isAlive() && new Api("http://localhost:" + port).get("/actuator/health").status() == 200);
    }

    /** The embedded server's port, from the lock file PostgreSQL writes in its data directory (its fourth line). */
    private int embeddedPort() throws IOException {
        return Integer.parseInt(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(3).trim());
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
        return EmbeddedPostgres.builder().setDataDirectory(dataDir.resolve("postgres")).setCleanDataDirectory(false).start();
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
            admin = new Api("http://localhost:" + port).login("admin", ADMIN_PASSWORD);
        }
        return admin;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

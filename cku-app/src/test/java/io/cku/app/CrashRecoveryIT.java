package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Starts the packaged jar as a separate process, kills it with SIGKILL while a step is in flight, starts it again
 * on the same data directory and checks how the run resumes.
 */
class CrashRecoveryIT {

    private static final String ADMIN_PASSWORD = "crash-test-admin-password";
    private PackagedService service;
    private Api admin;

    @BeforeEach
    void freshDataDirectory() throws IOException {
        service = new PackagedService("crash");
    }

    @AfterEach
    void stopService() throws InterruptedException {
        service.close(); // SIGTERM: a graceful stop that also stops the embedded PostgreSQL
    }

    @Test
    void resumesAnIdempotentStepAfterTheProcessIsKilled() throws Exception {
        start();
        String id = api().submit("""
                {"intent":"survive a crash","plan":{"steps":[
                  {"name":"before","skill":"noop"},
                  {"name":"wait","skill":"sleep","params":{"ms":4000}},
                  {"name":"after","skill":"noop"}]}}""");
        awaitStepRunning(id, 1);

        killHard();
        start();

        JsonNode run = api().awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(90));
        List<Integer> attempts = run.get("steps").valueStream().map(step -> step.get("attempts").asInt()).toList();
        assertThat(attempts).containsExactly(1, 2, 1);
    }

    @Test
    void waitsForADecisionWhenANonIdempotentStepWasInFlight() throws Exception {
        start();
        String id = api().submit("""
                {"intent":"unsafe to repeat","plan":{"steps":[
                  {"name":"side-effect","skill":"shell","params":{"command":"sleep","args":["20"]}},
                  {"name":"after","skill":"noop"}]}}""");
        awaitStepRunning(id, 0);

        killHard();
        start();

        JsonNode run = api().awaitStatus(id, "AWAITING_DECISION", Duration.ofSeconds(90));
        assertThat(run.get("reason").asString()).contains("side-effect").contains("not idempotent");
        assertThat(run.get("steps").get(0).get("attempts").asInt()).isEqualTo(1);
        assertThat(run.get("steps").get(1).get("status").asString()).isEqualTo("PENDING");
    }

    @Test
    void aRetryScheduledBeforeTheProcessIsKilledHappensAtItsTimeAfterTheRestart() throws Exception {
        try (LoopbackServer server = new LoopbackServer().answer("/flaky", 503, 200)) {
            start();
            String id = api().submit("""
                    {"intent":"survive a crash during a backoff","plan":{"steps":[
                      {"name":"call","skill":"http","params":{"url":"%s"},
                       "retry":{"maxAttempts":3,"initialIntervalMs":40000,"jitter":0}},
                      {"name":"after","skill":"noop"}]}}""".formatted(server.url("/flaky")));
            JsonNode backingOff = Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> api().get("/runs/" + id).json(), run -> run.get("status").asString().equals("HEALING"));
            Instant due = Instant.parse(backingOff.get("steps").get(0).get("nextAttemptAt").asString());

            killHard();
            assertThat(Instant.now()).as("killed during the backoff").isBefore(due);
            start();

            JsonNode run = api().awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(120));
            JsonNode step = run.get("steps").get(0);
            assertThat(step.get("attempts").asInt()).isEqualTo(2);
            assertThat(step.get("attemptLog").get(0).get("delayBeforeNextMs").asLong()).isEqualTo(40000);
            assertThat(step.get("attemptLog").get(0).get("errorType").asString()).isEqualTo("http-503");
            List<LoopbackServer.Request> calls = server.requests("/flaky");
            assertThat(calls).hasSize(2);
            assertThat(calls.get(1).at()).as("not before its time").isAfterOrEqualTo(due.minusMillis(50));
            assertThat(calls.get(1).at()).as("nor long after it (workers poll every 500 ms)").isBefore(due.plusSeconds(5));
        }
    }

    private void start() throws IOException {
        service.start("--cku.orchestrator.lease-duration=2s",
                "--cku.skills.shell.enabled=true",
                "--cku.skills.shell.allowed-commands=sleep",
                "--cku.skills.http.allowed-networks=127.0.0.1/32",
                "--cku.auth.admin-password=" + ADMIN_PASSWORD);
    }

    private void killHard() throws InterruptedException {
        service.kill();
    }

    private void awaitStepRunning(String id, int step) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> api().get("/runs/" + id).json().get("steps").get(step).get("status").asString().equals("RUNNING"));
    }

    /** The service as its administrator. The token outlives the restarts: the generated signing key is kept in the data directory. */
    private Api api() {
        if (admin == null) {
            admin = service.anonymous().login("admin", ADMIN_PASSWORD);
        }
        return admin;
    }
}

package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Kills the packaged jar with SIGKILL while runs are finishing and their outcomes are being folded into reliability, starts
 * it again, and checks that every step attempt of every finished run was counted exactly once.
 */
class LearningCrashIT {

    private static final String ADMIN_PASSWORD = "learning-crash-admin-password";
    private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "PARTIAL", "FAILED", "ROLLED_BACK", "REJECTED", "CANCELLED");
    private static final int RUNS = 300;

    private PackagedService service;
    private Api admin;

    @BeforeEach
    void freshDataDirectory() throws IOException {
        service = new PackagedService("learning-crash");
    }

    @AfterEach
    void stopService() throws InterruptedException {
        service.close();
    }

    @Test
    void everyFinishedRunIsCountedExactlyOnceAcrossAKill() throws Exception {
        start();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            ids.add(api().submit(Api.noopRun(2)));
        }
        service.kill(); // at once after the last submission: the newest runs are still in flight, their outcomes not folded in
        start();

        long expected = 0;
        for (String id : ids) {
            JsonNode run = Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                    .until(() -> api().get("/runs/" + id).json(), found -> TERMINAL.contains(found.get("status").asString()));
            for (JsonNode step : run.get("steps")) {
                expected += step.get("attemptLog").size();
            }
        }
        long attempts = expected;
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> noopObservations() == attempts);
        Thread.sleep(3_000); // the learner's interval passes a few times: nothing is counted twice afterwards
        assertThat(noopObservations()).isEqualTo(attempts);
        assertThat(attempts).isGreaterThanOrEqualTo(2L * RUNS);
    }

    private long noopObservations() {
        JsonNode keys = api().get("/learning/reliability?skill=noop").json();
        return keys.size() == 0 ? 0 : keys.get(0).get("observations").asLong();
    }

    private void start() throws IOException {
        service.start("--cku.orchestrator.lease-duration=2s", "--cku.auth.admin-password=" + ADMIN_PASSWORD);
    }

    /** The token outlives the restart: the generated signing key is kept in the data directory. */
    private Api api() {
        if (admin == null) {
            admin = service.anonymous().login("admin", ADMIN_PASSWORD);
        }
        return admin;
    }
}

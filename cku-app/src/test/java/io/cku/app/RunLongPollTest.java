package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.cku.app.Api.Response;
import tools.jackson.databind.JsonNode;

/** {@code GET /runs/{id}?waitForChangeAfter=…}: answered at once, when the run changes, or unchanged when the time is up. */
class RunLongPollTest extends ServiceTest {

    @Test
    void answersAtOnceWhenTheRunChangedAfterTheGivenVersion() {
        String id = api().submit(Api.noopRun(2));
        long version = api().awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(10)).get("version").asLong();
        assertThat(version).as("submitted at 1, and changed since").isGreaterThan(1);

        long started = System.nanoTime();
        Response response = api().get("/runs/" + id + "?waitForChangeAfter=1&timeout=10s");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("CKU-Changed")).contains("true");
        assertThat(response.json().get("version").asLong()).isEqualTo(version);
        assertThat(response.json().get("status").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void waitsUntilAnApprovalLetsAPausedRunGoOn() {
        Api approver = userWith("default", "APPROVER");
        String id = api().submit(Api.noopRun(1).replace("\"mode\":\"dev\"", "\"mode\":\"staging\""));
        long version = api().awaitStatus(id, "AWAITING_APPROVAL", Duration.ofSeconds(10)).get("version").asLong();
        CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(
                () -> api().get("/runs/" + id + "?waitForChangeAfter=" + version + "&timeout=20s"));
        Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());

        assertThat(approver.post("/admin/runs/" + id + "/gates/quality/approve", "{\"reason\":\"hotfix\"}").status()).isEqualTo(200);
        long approved = System.nanoTime();
        Response response = waiting.join();

        assertThat(Duration.ofNanos(System.nanoTime() - approved)).isLessThan(Duration.ofSeconds(1));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("CKU-Changed")).contains("true");
        assertThat(response.json().get("version").asLong()).isGreaterThan(version);
        assertThat(response.json().get("status").asString()).isNotEqualTo("AWAITING_APPROVAL");
    }

    @Test
    void waitsUntilASleepingStepFinishes() {
        String id = api().submit("""
                {"intent":"nap","plan":{"steps":[{"name":"nap","skill":"sleep","params":{"ms":1500}}]}}""");
        JsonNode running = Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> api().get("/runs/" + id).json(), run -> run.get("steps").get(0).get("status").asString().equals("RUNNING"));
        long version = running.get("version").asLong();

        Response response = api().get("/runs/" + id + "?waitForChangeAfter=" + version + "&timeout=10s");

        assertThat(response.header("CKU-Changed")).contains("true");
        assertThat(response.json().get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(response.json().get("version").asLong()).isGreaterThan(version);
    }

    @Test
    void answersTheUnchangedRunWhenTheTimeIsUp() {
        String id = api().submit(Api.noopRun(1));
        long version = api().awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(10)).get("version").asLong();

        long started = System.nanoTime();
        Response response = api().get("/runs/" + id + "?waitForChangeAfter=" + version + "&timeout=700ms");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(700), Duration.ofSeconds(3));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("CKU-Changed")).contains("false");
        assertThat(response.json().get("version").asLong()).isEqualTo(version);
        assertThat(response.json().get("status").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void refusesBadVersionsAndTimeoutsWithProblems() {
        String id = api().submit(Api.noopRun(1));
        JsonNode done = api().awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(10));

        assertInvalid(id, "?waitForChangeAfter=seven", "waitForChangeAfter");
        assertInvalid(id, "?waitForChangeAfter=-1", "waitForChangeAfter");
        assertInvalid(id, "?waitForChangeAfter=1&timeout=soon", "timeout");
        assertInvalid(id, "?waitForChangeAfter=1&timeout=-5s", "timeout");
        assertInvalid(id, "?waitForChangeAfter=1&timeout=61s", "timeout");
        assertInvalid(id, "?waitForChangeAfter=1&timeout=60001ms", "timeout");
        assertInvalid(id, "?timeout=5s", "timeout");
        assertThat(api().get("/runs/" + id).json()).as("nothing changed").isEqualTo(done);
    }

    @Test
    void anotherTenantsRunIsNotFoundBeforeAnyWait() {
        String id = api().submit(Api.noopRun(1));
        long version = api().awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(10)).get("version").asLong();
        Api outsider = userWith("elsewhere", "VIEWER");

        long started = System.nanoTime();
        Response response = outsider.get("/runs/" + id + "?waitForChangeAfter=" + version + "&timeout=5s");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.json().get("type").asString()).isEqualTo("urn:cku:problem:run-not-found");
    }

    private void assertInvalid(String id, String query, String field) {
        Response response = api().get("/runs/" + id + query);
        assertThat(response.status()).as(query).isEqualTo(400);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.json().get("type").asString()).isEqualTo("urn:cku:problem:invalid-request");
        assertThat(response.json().get("errors").valueStream().map(e -> e.get("field").asString())).as(query).containsExactly(field);
    }
}

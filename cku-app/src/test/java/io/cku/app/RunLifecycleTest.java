package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.cku.app.Api.Response;
import tools.jackson.databind.JsonNode;

class RunLifecycleTest extends ServiceTest {

    @Test
    void runsThreeNoopStepsThroughAllNineGates() {
        Response response = api().post("/runs", Api.noopRun(3));

        assertThat(response.status()).isEqualTo(202);
        String id = response.json().get("id").asString();
        assertThat(response.location()).contains("/runs/" + id);
        assertThat(response.json().get("status").asString()).isEqualTo("PENDING");

        JsonNode run = api().awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(10));
        assertThat(run.get("steps")).hasSize(3).allSatisfy(step -> {
            assertThat(step.get("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(step.get("attempts").asInt()).isEqualTo(1);
            assertThat(step.get("startedAt").isNull()).isFalse();
            assertThat(step.get("finishedAt").isNull()).isFalse();
        });
        assertThat(run.get("gates")).hasSize(9);
        List<String> gates = run.get("gates").valueStream().map(g -> g.get("gate").asString()).toList();
        assertThat(gates).containsExactly("SECURITY", "QUALITY", "OPERATIONS", "PLAN_APPROVAL", "TENANT_SCOPE", "BUDGET",
                "CHANGE_WINDOW", "CONSENSUS", "POLICY");
        assertThat(run.get("gates").valueStream().map(g -> g.get("decision").asString())).containsOnly("PASS");
        assertThat(run.get("gates").get(0).get("reason").asString()).isEqualTo("user:admin is enabled and holds 'runs:submit'");
        assertThat(run.get("outcome").asString()).isEqualTo("all 3 steps succeeded");
    }

    @Test
    void routesAStepByItsIntentToTheBestMatchingSkill() {
        String id = api().submit("""
                {"intent":"routing","plan":{"steps":[{"name":"idle","intent":"do nothing, a placeholder"}]}}""");

        JsonNode run = api().awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(10));
        assertThat(run.get("steps").get(0).get("skill").asString()).isEqualTo("noop");
    }

    @Test
    void skipsAFailedOptionalStepAndEndsPartial() {
        String id = api().submit("""
                {"intent":"partial","plan":{"steps":[
                  {"name":"slow","skill":"sleep","params":{"ms":5000},"timeoutMs":100,"optional":true},
                  {"name":"after","skill":"noop"}]}}""");

        JsonNode run = api().awaitStatus(id, "PARTIAL", Duration.ofSeconds(10));
        assertThat(run.get("steps").get(0).get("status").asString()).isEqualTo("SKIPPED");
        assertThat(run.get("steps").get(0).get("error").asString()).contains("timed out after 100 ms");
        assertThat(run.get("steps").get(1).get("status").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void failsTheRunWhenARequiredStepFails() {
        String id = api().submit("""
                {"intent":"failing","plan":{"steps":[
                  {"name":"slow","skill":"sleep","params":{"ms":5000},"timeoutMs":100},
                  {"name":"never","skill":"noop"}]}}""");

        JsonNode run = api().awaitStatus(id, "FAILED", Duration.ofSeconds(10));
        assertThat(run.get("reason").asString()).contains("step 'slow' failed").contains("timed out")
                .contains("attempt 3 of 3 failed (timeout, transient); attempts used up");
        assertThat(run.get("steps").get(0).get("attempts").asInt()).as("a timeout is transient: retried").isEqualTo(3);
        assertThat(run.get("steps").get(1).get("status").asString()).isEqualTo("PENDING");
    }

    @Test
    void rejectsAProdRunWithoutCoverageEvidenceAtTheQualityGate() {
        String id = api().submit("""
                {"intent":"prod change","mode":"prod","plan":{"steps":[{"name":"a","skill":"noop"}]}}""");

        JsonNode run = api().awaitStatus(id, "REJECTED", Duration.ofSeconds(10));
        assertThat(run.get("gates")).hasSize(2);
        assertThat(run.get("gates").get(1).get("decision").asString()).isEqualTo("REJECT");
        assertThat(run.get("outcome").asString()).startsWith("rejected by gate QUALITY");
        assertThat(run.get("steps").get(0).get("status").asString()).isEqualTo("PENDING");
    }

    @Test
    void writesFilesInsideTheWorkspaceAndKeepsStepOutput() {
        String id = api().submit("""
                {"intent":"write","plan":{"steps":[{"name":"w","skill":"file.write","params":{"path":"lifecycle/out.txt","content":"hello"}}]}}""");

        JsonNode run = api().awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(10));
        assertThat(run.get("steps").get(0).get("output").get("bytes").asInt()).isEqualTo(5);
        assertThat(DATA_DIR.resolve("workspace/lifecycle/out.txt")).hasContent("hello");
    }

    @Test
    void cancelsARunningRunAndStopsItsStep() {
        String id = api().submit("""
                {"intent":"long","plan":{"steps":[{"name":"wait","skill":"sleep","params":{"ms":30000}},{"name":"next","skill":"noop"}]}}""");
        api().awaitStatus(id, "RUNNING", Duration.ofSeconds(10));

        Response cancelled = api().post("/runs/" + id + "/cancel", "");

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.json().get("steps").valueStream().map(s -> s.get("status").asString())).containsOnly("CANCELLED");
        // the run stays cancelled: the interrupted step does not bring it back or fail it
        JsonNode later = api().awaitStatus(id, "CANCELLED", Duration.ofSeconds(2));
        assertThat(later.get("outcome").asString()).isEqualTo("cancelled on request");
    }

    @Test
    void refusesToCancelAFinishedRun() {
        String id = api().submit(Api.noopRun(1));
        api().awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(10));

        Response response = api().post("/runs/" + id + "/cancel", "");

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).isEqualTo("urn:cku:problem:illegal-transition");
        assertThat(response.json().get("runStatus").asString()).isEqualTo("SUCCEEDED");
        assertThat(api().get("/runs/" + id).json().get("status").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void returnsTheSameRunForARepeatedIdempotencyKey() {
        Map<String, String> headers = Map.of("Content-Type", "application/json", "Idempotency-Key", "same-body-key");
        Response first = api().post("/runs", Api.noopRun(2), headers);
        Response again = api().post("/runs", Api.noopRun(2).replace("{\"intent\"", "{ \"intent\""), headers);

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("id").asString()).isEqualTo(first.json().get("id").asString());
        assertThat(again.location()).isEqualTo(first.location());
    }

    @Test
    void refusesAReusedIdempotencyKeyWithADifferentBody() {
        Map<String, String> headers = Map.of("Content-Type", "application/json", "Idempotency-Key", "different-body-key");
        Response first = api().post("/runs", Api.noopRun(2), headers);
        long runs = runCount();

        Response conflict = api().post("/runs", Api.noopRun(3), headers);

        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.json().get("type").asString()).isEqualTo("urn:cku:problem:idempotency-conflict");
        assertThat(conflict.json().get("runId").asString()).isEqualTo(first.json().get("id").asString());
        assertThat(runCount()).isEqualTo(runs);
    }

    @Test
    void listsRunsNewestFirstAcrossPages() {
        for (int i = 0; i < 5; i++) {
            api().submit(Api.noopRun(1));
        }
        Set<String> seen = new HashSet<>();
        String previousCreatedAt = null;
        String cursor = "";
        for (int page = 0; page < 3; page++) {
            JsonNode body = api().get("/runs?limit=2" + cursor).json();
            assertThat(body.get("items")).hasSize(2);
            for (JsonNode item : body.get("items")) {
                assertThat(seen.add(item.get("id").asString())).as("no run appears twice").isTrue();
                String createdAt = item.get("createdAt").asString();
                if (previousCreatedAt != null) {
                    assertThat(java.time.Instant.parse(createdAt)).isBeforeOrEqualTo(java.time.Instant.parse(previousCreatedAt));
                }
                previousCreatedAt = createdAt;
            }
            cursor = "&cursor=" + body.get("nextCursor").asString();
        }
    }

    @Test
    void filtersTheListingByStatus() {
        String id = api().submit(Api.noopRun(1));
        api().awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(10));

        JsonNode body = api().get("/runs?status=SUCCEEDED&limit=100").json();

        assertThat(body.get("items").valueStream().map(r -> r.get("status").asString())).containsOnly("SUCCEEDED");
        assertThat(body.get("items").valueStream().map(r -> r.get("id").asString())).contains(id);
    }

    @Test
    void answersNotFoundForAnUnknownRun() {
        Response unknown = api().get("/runs/00000000-0000-0000-0000-000000000000");
        Response malformed = api().get("/runs/not-a-uuid");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("type").asString()).isEqualTo("urn:cku:problem:run-not-found");
        assertThat(malformed.status()).isEqualTo(404);
    }
}

package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.cku.app.Api.Response;
import io.cku.app.approvals.ApprovalDeadlines;
import io.cku.governance.ApprovalEvent;
import tools.jackson.databind.JsonNode;

/** Paused gates, the people who decide on them, quorums, refusals, deadlines and dry runs, over real HTTP. */
class ApprovalFlowTest extends ServiceTest {

    private static final String PROD_RUN = """
            {"intent":"release payments 4.2","mode":"prod","labels":{"team":"payments"},
             "evidence":{"coverage":0.91,"lint":"passed"},"plan":{"steps":[{"name":"deploy","skill":"noop"}]}}""";

    @Autowired
    private ApprovalDeadlines deadlines;

    private String tenant;
    private Api submitter;
    private Api alice;
    private Api bob;

    @BeforeEach
    void peopleOfOneTenant() {
        tenant = "appr-" + UUID.randomUUID().toString().substring(0, 8);
        submitter = userWith(tenant, "ADMIN");
        alice = userWith(tenant, "APPROVER");
        bob = userWith(tenant, "APPROVER");
    }

    @Test
    void pausesProdAtPlanApprovalThenNeedsTwoDistinctApproversAndSucceeds() {
        String id = submitter.submit(PROD_RUN);
        JsonNode paused = submitter.awaitStatus(id, "AWAITING_APPROVAL", Duration.ofSeconds(10));
        assertThat(lastGate(paused).get("gate").asString()).isEqualTo("PLAN_APPROVAL");
        assertThat(lastGate(paused).get("deadline").isNull()).isFalse();

        Response own = submitter.post(decide(id, "plan_approval", "approve"), reason("my own change, trust me"));
        assertThat(own.status()).isEqualTo(403);
        assertThat(own.json().get("detail").asString()).contains("submitter may not decide on their own run");

        JsonNode pending = pendingFor(alice, id);
        assertThat(pending.get("gate").asString()).isEqualTo("PLAN_APPROVAL");
        assertThat(pending.get("approvalsNeeded").asInt()).isEqualTo(1);

        assertThat(alice.post(decide(id, "PLAN_APPROVAL", "approve"), reason("plan reviewed")).status()).isEqualTo(200);
        JsonNode atConsensus = awaitWaitingAt(id, "CONSENSUS");
        assertThat(lastGate(atConsensus).get("reason").asString()).contains("waiting for 2 distinct approval(s)");

        alice.post(decide(id, "consensus", "approve"), reason("ok from me"));
        Response again = alice.post(decide(id, "consensus", "approve"), reason("still ok"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("status").asString()).as("a second vote does not count twice").isEqualTo("AWAITING_APPROVAL");
        assertThat(alice.post(decide(id, "plan_approval", "approve"), reason("late")).status())
                .as("a gate that is not waiting").isEqualTo(409);

        bob.post(decide(id, "consensus", "approve"), reason("second pair of eyes"));
        assertThat(recordedEvents.of(ApprovalEvent.ApprovalDecided.class).stream().filter(e -> e.runId().toString().equals(id)))
                .hasSize(4).filteredOn(e -> !e.counted()).hasSize(1);
        JsonNode done = submitter.awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(10));

        List<String> approvals = done.get("approvals").valueStream()
                .map(a -> a.get("gate").asString() + " " + a.get("actor").asString() + " " + a.get("decision").asString() + " "
                        + a.get("reason").asString())
                .toList();
        assertThat(approvals).hasSize(3).anyMatch(a -> a.startsWith("PLAN_APPROVAL user:") && a.endsWith("APPROVED plan reviewed"))
                .anyMatch(a -> a.endsWith("APPROVED second pair of eyes"));
        assertThat(done.get("approvals").valueStream()).allSatisfy(a -> assertThat(a.get("decidedAt").isNull()).isFalse());
    }

    @Test
    void aRejectionEndsTheRunRejectedWithTheReason() {
        String id = submitter.submit(PROD_RUN);
        submitter.awaitStatus(id, "AWAITING_APPROVAL", Duration.ofSeconds(10));

        Response rejected = alice.post(decide(id, "plan_approval", "reject"), reason("not during the sale"));

        assertThat(rejected.status()).isEqualTo(200);
        assertThat(rejected.json().get("status").asString()).isEqualTo("REJECTED");
        assertThat(rejected.json().get("reason").asString()).contains("refused by user:").contains("not during the sale");
    }

    @Test
    void onlyTheModesApproverRolesMayDecide() {
        String id = submitter.submit(PROD_RUN);
        submitter.awaitStatus(id, "AWAITING_APPROVAL", Duration.ofSeconds(10));

        assertThat(userWith(tenant, "OPERATOR").post(decide(id, "plan_approval", "approve"), reason("me too")).status()).isEqualTo(403);
        assertThat(userWith(tenant, "VIEWER").post(decide(id, "plan_approval", "approve"), reason("me too")).status()).isEqualTo(403);
        assertThat(userWith("other-" + tenant, "APPROVER").post(decide(id, "plan_approval", "approve"), reason("me too")).status())
                .as("another tenant's approver does not even see the run").isEqualTo(404);
        assertThat(alice.post(decide(id, "plan_approval", "approve"), "{}").status()).as("a reason is required").isEqualTo(400);
    }

    @Test
    void anApproverOverridesAPausedQualityGateInStaging() {
        String id = submitter.submit(Api.noopRun(1).replace("\"mode\":\"dev\"", "\"mode\":\"staging\""));
        JsonNode paused = submitter.awaitStatus(id, "AWAITING_APPROVAL", Duration.ofSeconds(10));
        assertThat(lastGate(paused).get("gate").asString()).isEqualTo("QUALITY");

        alice.post(decide(id, "quality", "approve"), reason("hotfix, coverage report follows"));

        JsonNode done = submitter.awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(10));
        assertThat(done.get("gates").get(1).get("reason").asString()).startsWith("approved by user:");
    }

    @Test
    void aPauseNobodyDecidesEndsRejectedAtItsDeadline() {
        String staging = submitter.submit(Api.noopRun(1).replace("\"mode\":\"dev\"", "\"mode\":\"staging\""));
        String prod = submitter.submit(PROD_RUN);
        submitter.awaitStatus(prod, "AWAITING_APPROVAL", Duration.ofSeconds(10));

        JsonNode expired = submitter.awaitStatus(staging, "REJECTED", Duration.ofSeconds(10));
        assertThat(expired.get("reason").asString()).isEqualTo("QUALITY: approval deadline passed");
        assertThat(submitter.get("/runs/" + prod).json().get("status").asString()).as("24 h to go").isEqualTo("AWAITING_APPROVAL");

        deadlines.expireDue(Instant.now().plus(Duration.ofHours(25)));

        JsonNode escalated = submitter.get("/runs/" + prod).json();
        assertThat(escalated.get("status").asString()).as("prod escalates once (1 h more)").isEqualTo("AWAITING_APPROVAL");
        assertThat(lastGate(escalated).get("reason").asString()).contains("escalated");
        assertThat(recordedEvents.of(ApprovalEvent.ApprovalEscalated.class)).anyMatch(e -> e.runId().toString().equals(prod));

        deadlines.expireDue(Instant.now().plus(Duration.ofHours(27)));

        assertThat(submitter.get("/runs/" + prod).json().get("reason").asString()).isEqualTo("PLAN_APPROVAL: approval deadline passed");
        assertThat(recordedEvents.of(ApprovalEvent.ApprovalExpired.class)).anyMatch(e -> e.runId().toString().equals(prod)
                && e.actor().qualifiedName().equals("system:system"));
    }

    @Test
    void aDryRunAnswersEveryGatesDecisionAndStoresNothing() {
        long runs = runCount();

        Response dryRun = submitter.post("/runs/evaluate", PROD_RUN.replace("\"coverage\":0.91", "\"coverage\":0.5"));

        assertThat(dryRun.status()).isEqualTo(200);
        JsonNode gates = dryRun.json().get("gates");
        assertThat(gates).hasSize(9);
        assertThat(gates.get(0).get("decision").asString()).isEqualTo("PASS");
        assertThat(gates.get(1).get("decision").asString()).isEqualTo("REJECT");
        assertThat(gates.get(3).get("decision").asString()).isEqualTo("PAUSE");
        assertThat(dryRun.json().get("verdict").asString()).isEqualTo("REJECT");
        assertThat(runCount()).isEqualTo(runs);
        assertThat(userWith(tenant, "OPERATOR").post("/runs/evaluate", PROD_RUN).json().get("gates").get(0).get("decision").asString())
                .as("SECURITY for an operator in prod").isEqualTo("REJECT");
    }

    @Test
    void aVoteThatDecidesNothingYetStillWakesAClientWaitingForTheRunToChange() {
        String id = submitter.submit(PROD_RUN);
        submitter.awaitStatus(id, "AWAITING_APPROVAL", Duration.ofSeconds(10));
        alice.post(decide(id, "plan_approval", "approve"), reason("plan reviewed"));
        long version = awaitWaitingAt(id, "CONSENSUS").get("version").asLong();
        java.util.concurrent.CompletableFuture<Response> waiting = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> submitter.get("/runs/" + id + "?waitForChangeAfter=" + version + "&timeout=20s"));
        org.awaitility.Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());

        assertThat(alice.post(decide(id, "consensus", "approve"), reason("ok from me")).status()).isEqualTo(200);
        Response changed = waiting.join();

        assertThat(changed.header("CKU-Changed")).contains("true");
        assertThat(changed.json().get("version").asLong()).isGreaterThan(version);
        assertThat(changed.json().get("status").asString()).as("one vote of two").isEqualTo("AWAITING_APPROVAL");
        assertThat(changed.json().get("approvals").toString()).contains("\"gate\":\"CONSENSUS\"");
    }

    private JsonNode awaitWaitingAt(String id, String gate) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> submitter.get("/runs/" + id).json(), run -> run.get("status").asString().equals("AWAITING_APPROVAL")
                        && lastGate(run).get("gate").asString().equals(gate));
    }

    private static JsonNode pendingFor(Api approver, String id) {
        return approver.get("/admin/approvals").json().valueStream().filter(p -> p.get("runId").asString().equals(id)).findFirst()
                .orElseThrow();
    }

    private static JsonNode lastGate(JsonNode run) {
        return run.get("gates").get(run.get("gates").size() - 1);
    }

    private static String decide(String id, String gate, String decision) {
        return "/admin/runs/" + id + "/gates/" + gate + "/" + decision;
    }

    private static String reason(String reason) {
        return "{\"reason\":\"" + reason + "\"}";
    }
}

package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.cku.app.Api.Response;
import io.cku.app.approvals.ApprovalDeadlines;
import tools.jackson.databind.JsonNode;

/**
 * Healing over real HTTP, against a real HTTP server on loopback: retries with backoff, rollback by compensation in reverse
 * order, skipping optional steps, a person's decision in prod, and circuits that open and close.
 */
class HealingTest extends ServiceTest {

    @Autowired
    private ApprovalDeadlines deadlines;

    private LoopbackServer server;
    private String tenant;
    private Api submitter;
    private Api alice;
    private Api bob;
    private String folder;

    @BeforeEach
    void serverAndPeople() throws IOException {
        server = new LoopbackServer();
        tenant = "heal-" + UUID.randomUUID().toString().substring(0, 8);
        submitter = userWith(tenant, "ADMIN");
        alice = userWith(tenant, "APPROVER");
        bob = userWith(tenant, "APPROVER");
        folder = "healing-" + UUID.randomUUID();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void retriesTransientFailuresWithGrowingDelaysUntilTheStepSucceeds() {
        server.answer("/flaky", 503, 503, 200);
        String id = submitter.submit(run("dev", """
                {"name":"call","skill":"http","params":{"url":"%s"},
                 "retry":{"maxAttempts":3,"initialIntervalMs":300,"backoffCoefficient":2.0,"maxIntervalMs":5000,"jitter":0}}"""
                .formatted(server.url("/flaky"))));

        JsonNode run = submitter.awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(20));

        JsonNode step = run.get("steps").get(0);
        assertThat(step.get("attempts").asInt()).isEqualTo(3);
        JsonNode log = step.get("attemptLog");
        assertThat(log.size()).isEqualTo(3);
        for (int i = 0; i < 2; i++) {
            assertThat(log.get(i).get("outcome").asString()).isEqualTo("FAILED");
            assertThat(log.get(i).get("classification").asString()).isEqualTo("TRANSIENT");
            assertThat(log.get(i).get("errorType").asString()).isEqualTo("http-503");
            assertThat(Instant.parse(log.get(i).get("startedAt").asString())).isBefore(Instant.parse(log.get(i + 1).get("startedAt").asString()));
        }
        assertThat(log.get(0).get("delayBeforeNextMs").asLong()).isEqualTo(300);
        assertThat(log.get(1).get("delayBeforeNextMs").asLong()).isEqualTo(600);
        assertThat(log.get(2).get("outcome").asString()).isEqualTo("SUCCEEDED");
        assertThat(log.get(2).get("delayBeforeNextMs").isNull()).isTrue();
        assertThat(step.get("retry").get("maxAttempts").asInt()).isEqualTo(3);

        List<LoopbackServer.Request> calls = server.requests("/flaky");
        assertThat(calls).hasSize(3);
        assertThat(Duration.ofNanos(calls.get(1).nanos() - calls.get(0).nanos())).as("the first wait").isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(Duration.ofNanos(calls.get(2).nanos() - calls.get(1).nanos())).as("the second wait").isGreaterThanOrEqualTo(Duration.ofMillis(600));
        assertThat(actions(run)).containsExactly("retry-scheduled", "retry-scheduled");
        assertThat(api().get("/actuator/prometheus").body()).containsPattern("cku_healing_actions_total\\{action=\"retry-scheduled\"[^}]*} [1-9]");
        assertThat(run.get("healing").get(0).get("reason").asString()).contains("http-503", "transient", "300 ms");
    }

    @Test
    void aPermanentFailureIsNotRetriedAndRollsBackTheCompletedStepsInReverseOrder() throws IOException {
        Path config = workspace().resolve(folder).resolve("config.txt");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "version=1");
        server.answer("/deploy", 200).answer("/undeploy", 200).answer("/migrate", 404)
                .snapshotting(() -> read(config));
        String id = submitter.submit(run("dev", """
                {"name":"configure","skill":"file.write","params":{"path":"%s/config.txt","content":"version=2"}},
                {"name":"deploy","skill":"http","params":{"url":"%s","method":"POST"},
                 "compensate":{"skill":"http","params":{"url":"%s","method":"POST"}}},
                {"name":"migrate","skill":"http","params":{"url":"%s"}},
                {"name":"announce","skill":"noop"}"""
                .formatted(folder, server.url("/deploy"), server.url("/undeploy"), server.url("/migrate"))));

        JsonNode run = submitter.awaitStatus(id, "ROLLED_BACK", Duration.ofSeconds(20));

        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(DATA_DIR.resolve("workspace-undo").resolve(id))
                .as("an ended run's kept contents are dropped").doesNotExist());
        assertThat(server.paths()).containsExactly("/deploy", "/migrate", "/undeploy");
        assertThat(server.requests("/undeploy").get(0).snapshot()).as("deploy is undone while configure is not yet").isEqualTo("version=2");
        assertThat(read(config)).as("then configure is undone").isEqualTo("version=1");
        assertThat(statuses(run)).containsExactly("COMPENSATED", "COMPENSATED", "FAILED", "CANCELLED");
        JsonNode failed = run.get("steps").get(2);
        assertThat(failed.get("attempts").asInt()).as("a permanent failure is not retried").isEqualTo(1);
        assertThat(failed.get("attemptLog").get(0).get("classification").asString()).isEqualTo("PERMANENT");
        assertThat(failed.get("attemptLog").get(0).get("errorType").asString()).isEqualTo("http-404");
        assertThat(actions(run)).containsExactly("rollback-started", "compensated", "compensated", "rolled-back");
        assertThat(run.get("healing").get(1).get("step").asString()).isEqualTo("deploy");
        assertThat(run.get("healing").get(2).get("step").asString()).isEqualTo("configure");
        assertThat(run.get("outcome").asString()).contains("undone in reverse order: deploy, configure");
        List<String> recorded = Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("""
                SELECT details ->> 'action' FROM audit_entries WHERE subject = ? AND action = 'run.healing' ORDER BY seq""")
                .param(id).query(String.class).list(), actions -> actions.size() == 4);
        assertThat(recorded).as("every healing action is in the audit chain").containsExactly("rollback-started", "compensated", "compensated",
                "rolled-back");
    }

    @Test
    void aFileTheRunCreatedIsRemovedOnRollback() throws IOException {
        Path created = workspace().resolve(folder).resolve("new.txt");
        String id = submitter.submit(run("dev", """
                {"name":"create","skill":"file.write","params":{"path":"%s/new.txt","content":"hello"}},
                {"name":"break","skill":"http","params":{"url":"%s"}}""".formatted(folder, server.url("/missing"))));

        submitter.awaitStatus(id, "ROLLED_BACK", Duration.ofSeconds(20));

        assertThat(created).doesNotExist();
    }

    @Test
    void aFailingOptionalStepIsSkippedAndTheRunEndsPartial() {
        String id = submitter.submit(run("dev", """
                {"name":"notify","skill":"http","optional":true,"params":{"url":"%s"}},
                {"name":"finish","skill":"noop"}""".formatted(server.url("/gone"))));

        JsonNode run = submitter.awaitStatus(id, "PARTIAL", Duration.ofSeconds(20));

        assertThat(statuses(run)).containsExactly("SKIPPED", "SUCCEEDED");
        assertThat(run.get("steps").get(0).get("attemptLog").get(0).get("errorType").asString()).isEqualTo("http-404");
        assertThat(actions(run)).containsExactly("skipped");
        assertThat(server.requests("/gone")).hasSize(1);
    }

    @Test
    void inProdAFailureWaitsForADecisionAndRetryRunsTheStepAgain() {
        server.answer("/release", 404, 200);
        String id = prodRunFailingAt("/release");
        JsonNode waiting = submitter.get("/runs/" + id).json();
        assertThat(waiting.get("recommendation").asString()).isEqualTo("rollback");
        assertThat(waiting.get("reason").asString()).contains("http-404", "permanent");
        assertThat(actions(waiting)).contains("decision-requested");

        Response own = submitter.post("/admin/runs/" + id + "/decision", decision("retry", "mine"));
        assertThat(own.status()).as("the submitter may not decide on their own run").isEqualTo(403);
        assertThat(alice.post("/admin/runs/" + id + "/decision", decision("again", "typo")).status()).isEqualTo(400);
        assertThat(alice.post("/admin/runs/" + id + "/decision", "{\"action\":\"retry\"}").status()).as("a reason is required").isEqualTo(400);
        assertThat(submitter.get("/runs/" + id).json().get("status").asString()).isEqualTo("AWAITING_DECISION");

        Response decided = alice.post("/admin/runs/" + id + "/decision", decision("retry", "the release server is back"));
        assertThat(decided.status()).isEqualTo(200);

        JsonNode done = submitter.awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(20));
        assertThat(done.get("steps").get(1).get("attempts").asInt()).isEqualTo(2);
        assertThat(done.get("steps").get(1).get("retry").get("maxAttempts").asInt()).as("prod's default (application.yml)").isEqualTo(5);
        assertThat(server.requests("/release")).hasSize(2);
        JsonNode decidedAction = done.get("healing").valueStream().filter(a -> a.get("action").asString().equals("decided-retry"))
                .findFirst().orElseThrow();
        assertThat(decidedAction.get("by").asString()).startsWith("user:");
        assertThat(decidedAction.get("reason").asString()).contains("the release server is back");
        assertThat(alice.post("/admin/runs/" + id + "/decision", decision("retry", "twice")).status())
                .as("a run that is not waiting").isEqualTo(409);
    }

    @Test
    void inProdADecisionToRollBackUndoesTheCompletedSteps() throws IOException {
        String id = prodRunFailingAt("/release");
        Path written = workspace().resolve(folder).resolve("release.txt");
        assertThat(written).hasContent("prepared");
        Path kept = DATA_DIR.resolve("workspace-undo").resolve(id);
        assertThat(kept).as("what the file held is kept while the run may still roll back").isNotEmptyDirectory();

        alice.post("/admin/runs/" + id + "/decision", decision("rollback", "give up on this release"));

        JsonNode run = submitter.awaitStatus(id, "ROLLED_BACK", Duration.ofSeconds(20));
        assertThat(written).doesNotExist();
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(kept).as("and dropped once it has ended").doesNotExist());
        assertThat(statuses(run)).containsExactly("COMPENSATED", "FAILED", "CANCELLED");
    }

    @Test
    void inProdADecisionToSkipGoesOnWithoutTheStep() {
        String id = prodRunFailingAt("/release");

        alice.post("/admin/runs/" + id + "/decision", decision("skip", "the release notes can wait"));

        JsonNode run = submitter.awaitStatus(id, "PARTIAL", Duration.ofSeconds(20));
        assertThat(statuses(run)).containsExactly("SUCCEEDED", "SKIPPED", "SUCCEEDED");
        assertThat(workspace().resolve(folder).resolve("release.txt")).as("nothing undone").hasContent("prepared");
    }

    @Test
    void inProdADecisionToAbortEndsTheRunFailedAndUndoesNothing() {
        String id = prodRunFailingAt("/release");

        Response aborted = alice.post("/admin/runs/" + id + "/decision", decision("abort", "wrong release"));

        assertThat(aborted.status()).isEqualTo(200);
        JsonNode run = submitter.awaitStatus(id, "FAILED", Duration.ofSeconds(20));
        assertThat(run.get("reason").asString()).contains("aborted").contains("wrong release");
        assertThat(statuses(run)).containsExactly("SUCCEEDED", "FAILED", "CANCELLED");
        assertThat(workspace().resolve(folder).resolve("release.txt")).hasContent("prepared");
    }

    @Test
    void theCircuitOpensAfterRepeatedTransientFailuresAcrossRunsAndClosesAfterTheCoolDown() {
        String step = failUntilTheCircuitOpens("/down");
        assertThat(server.requests("/down")).hasSize(CIRCUIT_THRESHOLD);

        JsonNode fastFailed = submitter.awaitStatus(submitter.submit(run("dev", step)), "FAILED", Duration.ofSeconds(20));
        JsonNode attempt = fastFailed.get("steps").get(0).get("attemptLog").get(0);
        assertThat(attempt.get("errorType").asString()).isEqualTo("circuit-open");
        assertThat(attempt.get("classification").asString()).isEqualTo("TRANSIENT");
        assertThat(server.requests("/down")).as("an open circuit does not reach the target").hasSize(CIRCUIT_THRESHOLD);
        Api otherTenant = userWith("other-" + tenant, "ADMIN");
        JsonNode elsewhere = otherTenant.awaitStatus(otherTenant.submit(run("dev", step)), "FAILED", Duration.ofSeconds(20));
        assertThat(elsewhere.get("steps").get(0).get("attemptLog").get(0).get("errorType").asString())
                .as("circuits are per tenant: another tenant's attempt still goes through").isEqualTo("http-503");

        server.answer("/down", 200);
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            String id = submitter.submit(run("dev", step));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> terminal(submitter.get("/runs/" + id).json()));
            return submitter.get("/runs/" + id).json().get("status").asString().equals("SUCCEEDED");
        });
        assertThat(server.requests("/down")).as("one trial after the cool-down").hasSize(CIRCUIT_THRESHOLD + 2);
        assertThat(jdbc.sql("SELECT count(*) FROM circuit_breakers WHERE target = ? AND tenant = ?").params(origin(), tenant)
                .query(Integer.class).single()).as("a success closes the circuit").isZero();
    }

    @Test
    void aRetryHeldBackByAnOpenCircuitWaitsUntilItClosesWithoutUsingUpTheAttempts() {
        failUntilTheCircuitOpens("/busy");
        server.answer("/busy", 200);

        String id = submitter.submit(run("dev", """
                {"name":"ping","skill":"http","params":{"url":"%s"},"retry":{"maxAttempts":2,"initialIntervalMs":10,"jitter":0}}"""
                .formatted(server.url("/busy"))));

        JsonNode run = submitter.awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(20));
        JsonNode log = run.get("steps").get(0).get("attemptLog");
        assertThat(log.get(0).get("errorType").asString()).isEqualTo("circuit-open");
        assertThat(log.get(0).get("delayBeforeNextMs").asLong()).as("held back until the cool-down ends, not 10 ms").isGreaterThan(100);
        assertThat(log.get(1).get("outcome").asString()).isEqualTo("SUCCEEDED");
        assertThat(server.requests("/busy")).hasSize(CIRCUIT_THRESHOLD + 1);
    }

    @Test
    void aStepThatMustNotRunTwiceIsNotRetriedAfterATimeout() {
        server.answer("/charge", 200).slow("/charge", 1500);
        String id = submitter.submit(run("dev", """
                {"name":"charge","skill":"http","timeoutMs":300,"params":{"url":"%s","method":"POST"},"retry":{"maxAttempts":3}}"""
                .formatted(server.url("/charge"))));

        JsonNode run = submitter.awaitStatus(id, "FAILED", Duration.ofSeconds(20));

        assertThat(run.get("steps").get(0).get("attempts").asInt()).isEqualTo(1);
        assertThat(run.get("reason").asString()).contains("timeout", "not idempotent");
        assertThat(server.requests("/charge")).as("charged once, not three times").hasSize(1);
    }

    @Test
    void anApprovalStepPausesTheRunUntilEnoughApproversApprove() {
        String id = submitter.submit(run("dev", """
                {"name":"build","skill":"noop"},
                {"name":"sign-off","skill":"approval","params":{"approvals":2,"message":"check the canary"}},
                {"name":"ship","skill":"noop"}"""));
        JsonNode waiting = submitter.awaitStatus(id, "AWAITING_APPROVAL", Duration.ofSeconds(20));
        assertThat(waiting.get("reason").asString()).isEqualTo("step 'sign-off' waits for approval: check the canary");
        assertThat(statuses(waiting)).containsExactly("SUCCEEDED", "RUNNING", "PENDING");
        JsonNode pending = alice.get("/admin/approvals").json().valueStream().filter(p -> p.get("runId").asString().equals(id))
                .findFirst().orElseThrow();
        assertThat(pending.get("gate").asString()).isEqualTo("STEP");
        assertThat(pending.get("step").asString()).isEqualTo("sign-off");
        assertThat(pending.get("approvalsNeeded").asInt()).isEqualTo(2);

        assertThat(submitter.post("/admin/runs/" + id + "/steps/sign-off/approve", "{\"reason\":\"mine\"}").status())
                .as("the submitter may not approve their own run").isEqualTo(403);
        assertThat(alice.post("/admin/runs/" + id + "/steps/ship/approve", "{\"reason\":\"wrong step\"}").status()).isEqualTo(409);
        assertThat(alice.post("/admin/runs/" + id + "/steps/sign-off/approve", "{\"reason\":\"canary is green\"}").status()).isEqualTo(200);
        assertThat(submitter.get("/runs/" + id).json().get("status").asString()).as("one of two approvals").isEqualTo("AWAITING_APPROVAL");
        bob.post("/admin/runs/" + id + "/steps/sign-off/approve", "{\"reason\":\"agreed\"}");

        JsonNode done = submitter.awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(20));
        assertThat(done.get("steps").get(1).get("output").get("approvedBy").size()).isEqualTo(2);
        assertThat(done.get("approvals").valueStream().filter(a -> "sign-off".equals(a.get("step").asString()))).hasSize(2)
                .allSatisfy(a -> assertThat(a.get("gate").asString()).isEqualTo("STEP"));
    }

    @Test
    void refusingAnApprovalStepFailsItAndRollsBackWhatWasDone() {
        String id = submitter.submit(run("dev", """
                {"name":"stage","skill":"file.write","params":{"path":"%s/staged.txt","content":"staged"}},
                {"name":"sign-off","skill":"approval"},
                {"name":"ship","skill":"noop"}""".formatted(folder)));
        submitter.awaitStatus(id, "AWAITING_APPROVAL", Duration.ofSeconds(20));
        assertThat(workspace().resolve(folder).resolve("staged.txt")).hasContent("staged");

        alice.post("/admin/runs/" + id + "/steps/sign-off/reject", "{\"reason\":\"not this week\"}");

        JsonNode run = submitter.awaitStatus(id, "ROLLED_BACK", Duration.ofSeconds(20));
        assertThat(workspace().resolve(folder).resolve("staged.txt")).doesNotExist();
        JsonNode refused = run.get("steps").get(1);
        assertThat(refused.get("status").asString()).isEqualTo("FAILED");
        assertThat(refused.get("attemptLog").get(0).get("errorType").asString()).isEqualTo("approval-refused");
        assertThat(refused.get("error").asString()).contains("not this week");
    }

    @Test
    void aCheckpointNobodyApprovesBeforeItsDeadlineFailsAndRollsBack() {
        String id = submitter.submit(run("dev", """
                {"name":"stage","skill":"file.write","params":{"path":"%s/staged.txt","content":"staged"}},
                {"name":"sign-off","skill":"approval"}""".formatted(folder)));
        submitter.awaitStatus(id, "AWAITING_APPROVAL", Duration.ofSeconds(20));
        JsonNode pending = alice.get("/admin/approvals").json().valueStream().filter(p -> p.get("runId").asString().equals(id))
                .findFirst().orElseThrow();
        Instant deadline = Instant.parse(pending.get("deadline").asString());
        assertThat(deadline).as("dev's approval deadline, 1 h").isBetween(Instant.now().plusSeconds(3500), Instant.now().plusSeconds(3700));

        assertThat(deadlines.expireDue(deadline.minusSeconds(1))).as("not yet").isZero();
        assertThat(deadlines.expireDue(deadline.plusSeconds(1))).isEqualTo(1);

        JsonNode run = submitter.awaitStatus(id, "ROLLED_BACK", Duration.ofSeconds(20));
        JsonNode expired = run.get("steps").get(1);
        assertThat(expired.get("status").asString()).isEqualTo("FAILED");
        assertThat(expired.get("attemptLog").get(0).get("errorType").asString()).isEqualTo("approval-expired");
        assertThat(workspace().resolve(folder).resolve("staged.txt")).doesNotExist();
    }

    @Test
    void badRetryPoliciesAndCompensationsAreRefusedWithTheField() {
        Response refused = submitter.post("/runs", run("dev", """
                {"name":"a","skill":"noop","retry":{"maxAttempts":0,"jitter":2}},
                {"name":"b","skill":"noop","compensate":{"skill":"teleport"}}"""));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("plan.steps[0].retry", "maxAttempts", "jitter", "plan.steps[1].compensate.skill", "teleport");
    }

    @Test
    void retryFieldsOfTheWrongJsonTypeAreRefusedNotRounded() {
        for (String retry : List.of("5", "\"x\"", "{\"maxAttempts\":2.5}", "{\"maxAttempts\":\"many\"}", "{\"jitter\":[1]}")) {
            Response refused = submitter.post("/runs", run("dev", "{\"name\":\"a\",\"skill\":\"noop\",\"retry\":" + retry + "}"));

            assertThat(refused.status()).as(retry).isEqualTo(400);
            assertThat(refused.isProblem()).isTrue();
            assertThat(refused.json().get("detail").asString()).as(retry).contains("plan.steps[0].retry");
        }
        Response compensate = submitter.post("/runs", run("dev", "{\"name\":\"a\",\"skill\":\"noop\",\"compensate\":\"undo it\"}"));
        assertThat(compensate.status()).isEqualTo(400);
    }

    @Test
    void theGatesWeighADeclaredCompensationLikeAStep() {
        String plain = run("dev", """
                {"name":"deploy","skill":"noop"}""");
        String compensated = run("dev", """
                {"name":"deploy","skill":"noop","compensate":{"skill":"shell","params":{"command":"echo","args":["undo"]}}}""");

        assertThat(operationsReason(plain)).contains("(1 step + skill risk 1 ");
        assertThat(operationsReason(compensated)).as("the shell compensation counts, with its high risk").contains("(2 steps + skill risk ")
                .doesNotContain("skill risk 1 ");
    }

    private String operationsReason(String body) {
        return submitter.post("/runs/evaluate", body).json().get("gates").valueStream()
                .filter(g -> g.get("gate").asString().equals("OPERATIONS")).findFirst().orElseThrow().get("reason").asString();
    }

    /** A prod run of three steps whose second fails permanently at {@code path}, driven through its gates to AWAITING_DECISION. */
    private String prodRunFailingAt(String path) {
        String id = submitter.submit("""
                {"intent":"release","mode":"prod","evidence":{"coverage":0.95,"lint":"passed"},"plan":{"steps":[
                  {"name":"prepare","skill":"file.write","params":{"path":"%s/release.txt","content":"prepared"}},
                  {"name":"release","skill":"http","params":{"url":"%s"}},
                  {"name":"finish","skill":"noop"}]}}""".formatted(folder, server.url(path)));
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            JsonNode run = submitter.get("/runs/" + id).json();
            String status = run.get("status").asString();
            if (status.equals("AWAITING_APPROVAL")) {
                JsonNode gates = run.get("gates");
                String gate = gates.get(gates.size() - 1).get("gate").asString();
                for (Api approver : List.of(alice, bob)) {
                    approver.post("/admin/runs/" + id + "/gates/" + gate + "/approve", "{\"reason\":\"reviewed\"}");
                }
            }
            return status.equals("AWAITING_DECISION") || run.get("status").asString().matches("SUCCEEDED|FAILED|REJECTED");
        });
        assertThat(submitter.get("/runs/" + id).json().get("status").asString()).isEqualTo("AWAITING_DECISION");
        return id;
    }

    /** Runs that fail once each with a 503 at {@code path} until its circuit opens; returns their step, to submit more. */
    private String failUntilTheCircuitOpens(String path) {
        server.answer(path, 503);
        String step = """
                {"name":"ping","skill":"http","params":{"url":"%s"},"retry":{"maxAttempts":1}}""".formatted(server.url(path));
        for (int i = 0; i < CIRCUIT_THRESHOLD; i++) {
            submitter.awaitStatus(submitter.submit(run("dev", step)), "FAILED", Duration.ofSeconds(20));
        }
        return step;
    }

    private String origin() {
        return server.url("").replaceAll("/$", "");
    }

    private static boolean terminal(JsonNode run) {
        return run.get("status").asString().matches("SUCCEEDED|PARTIAL|FAILED|ROLLED_BACK|REJECTED|CANCELLED");
    }

    private static String run(String mode, String steps) {
        return "{\"intent\":\"healing test\",\"mode\":\"" + mode + "\",\"plan\":{\"steps\":[" + steps + "]}}";
    }

    private static String decision(String action, String reason) {
        return "{\"action\":\"" + action + "\",\"reason\":\"" + reason + "\"}";
    }

    private static List<String> statuses(JsonNode run) {
        return run.get("steps").valueStream().map(step -> step.get("status").asString()).toList();
    }

    private static List<String> actions(JsonNode run) {
        return run.get("healing").valueStream().map(action -> action.get("action").asString()).toList();
    }

    private static Path workspace() {
        return DATA_DIR.resolve("workspace");
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(absent)";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}

package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cku.app.EventStreamClient.Frame;
import tools.jackson.databind.JsonNode;

/** Outcomes become reliability, and an unreliable target a learned rule the next staging run is held by, over HTTP. */
class LearningLoopTest extends ServiceTest {

    private LoopbackServer server;
    private String tenant;
    private Api admin;

    @BeforeEach
    void serverAndTenant() throws Exception {
        server = newServer();
        tenant = "learn-" + UUID.randomUUID().toString().substring(0, 8);
        admin = userWith(tenant, "ADMIN");
    }

    private static LoopbackServer newServer() {
        try {
            return new LoopbackServer();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void fiveFailuresAgainstOneTargetMakeALearnedRuleThatPausesStagingRunsAndOnlyWarnsDevRuns() throws InterruptedException {
        server.answer("/down", 404);
        String target = server.url("/down").replaceFirst("^http://", "").replaceFirst("/down$", "");
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = admin.submit(run("dev", server.url("/down")));
            failed.add(id);
            assertThat(awaitTerminal(id).get("status").asString()).isIn("FAILED", "ROLLED_BACK");
        }

        JsonNode key = await().atMost(Duration.ofSeconds(10)).until(() -> reliabilityOf(target), found -> found != null
                && found.get("observations").asLong() == 5);
        assertThat(key.get("skill").asString()).isEqualTo("http");
        assertThat(key.get("mode").asString()).isEqualTo("dev");
        assertThat(key.get("failures").asDouble()).isCloseTo(5.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(key.get("score").asDouble()).isLessThan(0.5);
        assertThat(key.get("lowerBound").asDouble()).isLessThan(0.5);

        JsonNode learned = await().atMost(Duration.ofSeconds(10)).until(() -> admin.get("/policies").json(),
                versions -> versions.size() > 0 && versions.get(0).get("createdBy").asString().equals("system:learning")).get(0);
        assertThat(learned.get("active").asBoolean()).isTrue();
        int version = learned.get("version").asInt();
        JsonNode rule = learned.get("rules").get(0);
        assertThat(rule.get("name").asString()).isEqualTo("unreliable-http-" + target);
        assertThat(rule.get("source").asString()).isEqualTo("learned");
        assertThat(rule.get("effect").asString()).isEqualTo("PAUSE");
        JsonNode explanation = rule.get("explanation");
        assertThat(explanation.get("target").asString()).isEqualTo(target);
        assertThat(explanation.get("observations").asLong()).isEqualTo(5);
        assertThat(explanation.get("threshold").asDouble()).isEqualTo(0.5);
        assertThat(explanation.get("evidenceRuns").valueStream().map(JsonNode::asString).toList()).containsExactlyInAnyOrderElementsOf(failed);
        assertThat(admin.get("/learning/changes").json().get(0).get("kind").asString()).isEqualTo("rule-added");
        assertThat(learned.get("source").asString()).as("a version the learner published says so").isEqualTo("learned");
        JsonNode pattern = await().atMost(Duration.ofSeconds(10)).until(() -> patternOf("unreliable-key", "http on " + target),
                found -> found != null);
        assertThat(pattern.get("summary").asString()).contains("5 failures in 5 attempts");
        assertThat(pattern.get("details").get("observations").asLong()).isEqualTo(5);
        assertThat(pattern.get("resolvedAt").isNull()).isTrue();
        Thread.sleep(2_100); // what the OPERATIONS gate knows of a key is read at most every 2 s

        String staging = admin.submit(run("staging", server.url("/down")));
        JsonNode held = admin.awaitStatus(staging, "AWAITING_APPROVAL", Duration.ofSeconds(10));
        assertThat(held.get("policyVersion").asInt()).as("the run says which rules it was gated with").isEqualTo(version);
        JsonNode policyGate = held.get("gates").get(8);
        assertThat(policyGate.get("decision").asString()).isEqualTo("PAUSE");
        assertThat(policyGate.get("reason").asString()).contains("learned rule 'unreliable-http-" + target + "' (policy v" + version + ")",
                "5 failures in 5 attempts", "< 0.50");
        JsonNode operations = gate(held, "OPERATIONS");
        assertThat(operations.get("reason").asString()).as("the learned unreliability is a term of the risk score, named")
                .contains("+ learned unreliability 8: http on " + target + " 8 (score 0.14 over 5 attempts)");

        JsonNode dev = awaitTerminal(admin.submit(run("dev", server.url("/down"))));
        assertThat(dev.get("gates").get(8).get("decision").asString()).isEqualTo("PASS");
        assertThat(dev.get("gates").get(8).get("reason").asString()).contains("warn", "unreliable-http-" + target + "-dev");
    }

    @Test
    void afterARollbackTheLearnerWaitsForNewFailuresBeforeItPublishesTheRuleAgain() {
        assertThat(admin.post("/admin/policies", """
                {"rules":[{"name":"prod-note","expression":"mode == 'prod'","effect":"WARN","message":"a prod run"}]}""").status())
                .isEqualTo(201);
        String target = failFiveTimes();
        JsonNode learned = awaitVersionBy("system:learning");
        assertThat(learned.get("version").asInt()).isEqualTo(2);
        assertThat(learned.get("rules").valueStream().map(rule -> rule.get("name").asString()).toList())
                .as("the person's rule is kept, the learned ones follow").startsWith("prod-note").contains("unreliable-http-" + target);

        assertThat(admin.post("/admin/policies/1/activate", "{\"reason\":\"roll back the learned rule\"}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.get("/learning/changes").json().get(0).get("kind").asString(),
                "rule-removed-by-person"::equals);
        String unrelated = admin.submit(Api.noopRun(1)); // new outcomes of another key: no reason to publish
        awaitTerminal(unrelated);
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.get("/learning/reliability?skill=noop").json().size() == 1);
        assertThat(admin.get("/policies").json().size()).as("nothing republished from the same evidence").isEqualTo(2);

        JsonNode staging = awaitGated(admin.submit(run("staging", server.url("/down"))));
        assertThat(staging.get("gates").get(8).get("decision").asString()).isEqualTo("PASS");

        awaitTerminal(admin.submit(run("dev", server.url("/down")))); // a new failure, after the rollback
        JsonNode again = await().atMost(Duration.ofSeconds(10)).until(() -> admin.get("/policies").json(), versions -> versions.size() == 3)
                .get(0);
        assertThat(again.get("createdBy").asString()).isEqualTo("system:learning");
        assertThat(again.get("active").asBoolean()).isTrue();
        assertThat(again.get("rules").valueStream().map(rule -> rule.get("name").asString()).toList()).contains("unreliable-http-" + target);
    }

    @Test
    void inProposeModeTheVersionWaitsForAnAdministratorAndInShadowModeRunsOnlyRecordWhatItWouldDo() {
        tenant = PROPOSING_TENANT;
        admin = userWith(tenant, "ADMIN");
        String target = failFiveTimes();
        JsonNode proposed = awaitVersionBy("system:learning");
        assertThat(proposed.get("active").asBoolean()).isFalse();
        JsonNode waiting = awaitGated(admin.submit(run("staging", server.url("/down"))));
        assertThat(waiting.get("gates").get(8).get("reason").asString()).doesNotContain("unreliable");
        assertThat(admin.post("/admin/policies/" + proposed.get("version").asInt() + "/activate", "").status()).isEqualTo(200);
        JsonNode held = awaitGated(admin.submit(run("staging", server.url("/down"))));
        assertThat(held.get("gates").get(8).get("decision").asString()).isEqualTo("PAUSE");
        assertThat(held.get("gates").get(8).get("reason").asString()).contains("learned rule 'unreliable-http-" + target + "'");

        server.close();
        server = newServer();
        tenant = SHADOW_LEARNING_TENANT;
        admin = userWith(tenant, "ADMIN");
        String shadowed = failFiveTimes();
        JsonNode shadow = awaitVersionBy("system:learning");
        assertThat(shadow.get("active").asBoolean()).isTrue();
        assertThat(shadow.get("rules").get(0).get("shadow").asBoolean()).isTrue();
        JsonNode passed = awaitGated(admin.submit(run("staging", server.url("/down"))));
        assertThat(passed.get("gates").get(8).get("decision").asString()).isEqualTo("PASS");
        assertThat(passed.get("gates").get(8).get("reason").asString())
                .contains("shadow: rule 'unreliable-http-" + shadowed + "' would PAUSE");
    }

    @Test
    void aFrozenLearnerPublishesNothingUntilUnfrozenAndInvalidatedRunsTakeTheirEvidenceAndTheRuleAway() {
        assertThat(admin.post("/admin/learning/freeze", "{}").status()).as("a freeze says why").isEqualTo(400);
        assertThat(admin.post("/admin/learning/freeze", "{\"reason\":\"incident 7\"}").json().get("frozen").asBoolean()).isTrue();
        String target = failFiveTimes();
        await().atMost(Duration.ofSeconds(10)).until(() -> reliabilityOf(target) != null && reliabilityOf(target).get("observations").asLong() == 5);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> admin.get("/policies").json().size() == 0);

        assertThat(admin.post("/admin/learning/unfreeze", "").json().get("frozen").asBoolean()).isFalse();
        JsonNode learned = awaitVersionBy("system:learning");
        List<String> evidence = learned.get("rules").get(0).get("explanation").get("evidenceRuns").valueStream().map(JsonNode::asString).toList();

        Api.Response first = admin.post("/admin/learning/outcomes/" + evidence.get(0) + "/invalidate", "{\"reason\":\"the test network was down\"}");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get(0).get("observations").asLong()).isEqualTo(4);
        assertThat(admin.post("/admin/learning/outcomes/" + evidence.get(0) + "/invalidate", "{\"reason\":\"again\"}").json().get(0)
                .get("observations").asLong()).as("invalidating twice takes nothing more away").isEqualTo(4);
        JsonNode withdrawn = await().atMost(Duration.ofSeconds(10)).until(() -> admin.get("/policies").json(),
                versions -> versions.size() == 2).get(0);
        assertThat(withdrawn.get("createdBy").asString()).isEqualTo("system:learning");
        assertThat(withdrawn.get("rules")).as("too little evidence left for the rule").isEmpty();
        assertThat(admin.get("/learning/changes").json().get(0).get("kind").asString()).isEqualTo("rule-withdrawn");
        assertThat(admin.get("/audit/export").body()).contains("learning.outcome-invalidated", "learning.frozen");

        assertThat(admin.post("/admin/learning/outcomes/" + evidence.get(1) + "/invalidate", "{}").status()).isEqualTo(400);
        assertThat(admin.post("/admin/learning/outcomes/not-a-run/invalidate", "{\"reason\":\"x\"}").status()).isEqualTo(400);
        assertThat(admin.post("/admin/learning/outcomes/" + UUID.randomUUID() + "/invalidate", "{\"reason\":\"x\"}").status()).isEqualTo(404);
        assertThat(userWith("learn-x-" + UUID.randomUUID().toString().substring(0, 6), "ADMIN")
                .post("/admin/learning/outcomes/" + evidence.get(1) + "/invalidate", "{\"reason\":\"x\"}").status())
                .as("another tenant's run is not found").isEqualTo(404);
    }

    @Test
    void aTargetThatUsuallyRecoversOnTheThirdAttemptGivesStepsWithoutRetrySettingsALearnedFourth() throws InterruptedException {
        for (int i = 0; i < 6; i++) {
            server.answer("/flaky-" + i, 503, 503, 200);
        }
        for (int i = 0; i < 5; i++) { // one after the other: two failures in a row never open the target's circuit
            JsonNode recovered = awaitTerminal(admin.submit(run("dev", server.url("/flaky-" + i))));
            assertThat(recovered.get("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(recovered.get("steps").get(0).get("retry").get("maxAttempts").asInt()).isEqualTo(3);
        }
        String target = server.url("/flaky-0").replaceFirst("^http://", "").replaceFirst("/flaky-0$", "");
        await().atMost(Duration.ofSeconds(10)).until(() -> reliabilityOf(target) != null && reliabilityOf(target).get("observations").asLong() == 15);
        Thread.sleep(2_100); // the learned attempts are read at most every 2 s per key

        JsonNode recovers = await().atMost(Duration.ofSeconds(10)).until(() -> patternOf("recovers-on-attempt", "http on " + target),
                found -> found != null);
        assertThat(recovers.get("details").get("usualAttempt").asLong()).isEqualTo(3);
        assertThat(recovers.get("details").get("learnedAttempts").asLong()).isEqualTo(4);

        JsonNode run = awaitTerminal(admin.submit(run("dev", server.url("/flaky-5"))));
        JsonNode retry = run.get("steps").get(0).get("retry");
        assertThat(retry.get("maxAttempts").asInt()).as("one more than the attempt that usually succeeds").isEqualTo(4);
        assertThat(retry.get("source").asString()).isEqualTo("learned");
        assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");

        String own = admin.submit("""
                {"intent":"my own retries","mode":"dev","plan":{"steps":[{"name":"call","skill":"http","params":{"url":"%s"},
                 "retry":{"maxAttempts":2}}]}}""".formatted(server.url("/flaky-5")));
        assertThat(admin.get("/runs/" + own).json().get("steps").get(0).get("retry").get("maxAttempts").asInt())
                .as("a step that sets its own retry keeps it").isEqualTo(2);
    }

    @Test
    void theReliabilityOfAnotherTenantIsNotShownAndABadModeIsRefused() {
        assertThat(userWith("learn-other-" + UUID.randomUUID().toString().substring(0, 6), "VIEWER").get("/learning/reliability").json())
                .isEmpty();
        Api.Response refused = admin.get("/learning/reliability?mode=production");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("mode");
    }

    @Test
    void aGateThatPausesMostRunsAndIsAlwaysApprovedIsReportedButNothingIsChangedAndLearningIsStreamed() throws Exception {
        Api approver = userWith(tenant, "APPROVER");
        try (EventStreamClient stream = EventStreamClient.open(admin, "/events")) {
            String gate = null;
            for (int i = 0; i < 5; i++) { // staging runs without evidence: QUALITY pauses them, and every one is approved
                String id = admin.submit(Api.noopRun(1).replace("\"mode\":\"dev\"", "\"mode\":\"staging\""));
                JsonNode paused = admin.awaitStatus(id, "AWAITING_APPROVAL", Duration.ofSeconds(10));
                gate = paused.get("gates").valueStream().filter(g -> g.get("decision").asString().equals("PAUSE")).findFirst()
                        .orElseThrow().get("gate").asString();
                Api.Response approved = approver.post("/admin/runs/" + id + "/gates/" + gate + "/approve", "{\"reason\":\"fine\"}");
                assertThat(approved.status()).as(approved.body()).isEqualTo(200);
                assertThat(awaitTerminal(id).get("status").asString()).isEqualTo("SUCCEEDED");
            }
            String last = admin.submit(Api.noopRun(1)); // a dev run that does not pause: 5 of 6 runs paused
            awaitTerminal(last);

            String subject = gate;
            JsonNode pattern = await().atMost(Duration.ofSeconds(10)).until(() -> patternOf("gate-always-approved", subject),
                    found -> found != null && found.get("details").get("runs").asLong() == 6);
            assertThat(pattern.get("details").get("paused").asLong()).isEqualTo(5);
            assertThat(pattern.get("details").get("approved").asLong()).isEqualTo(5);
            assertThat(pattern.get("summary").asString()).contains("paused 5 of the last 6 runs", "reported only");
            assertThat(admin.get("/policies").json()).as("a report for people: the learner changes no gate or policy").isEmpty();

            java.util.function.Predicate<Frame> lastRecorded = frame -> frame.type().equals("learning.outcome-recorded")
                    && last.equals(frame.json().get("data").get("runId").asString());
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.events().stream().anyMatch(lastRecorded)
                    && stream.events().stream().anyMatch(frame -> frame.type().equals("learning.pattern-detected")));
            Frame detected = stream.events().stream().filter(frame -> frame.type().equals("learning.pattern-detected")).findFirst()
                    .orElseThrow();
            assertThat(detected.json().get("data").get("kind").asString()).as(detected.data()).isEqualTo("gate-always-approved");
            assertThat(detected.json().get("data").get("subject").asString()).isEqualTo(gate);
            assertThat(detected.json().path("runId").isValueNode()).as("about no one run").isFalse();
            Frame recorded = stream.events().stream().filter(lastRecorded).findFirst().orElseThrow();
            assertThat(recorded.json().path("runId").isValueNode()).as("on the tenant's stream: a run's own stream ends with run.finished")
                    .isFalse();
            assertThat(recorded.json().get("data").get("outcome").asString()).isEqualTo("success");
            assertThat(recorded.json().get("data").get("observations").asInt()).isEqualTo(1);
        }
        Api.Response bad = admin.get("/learning/patterns?resolved=maybe");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asString()).isEqualTo("resolved");
        assertThat(userWith("learn-other-" + UUID.randomUUID().toString().substring(0, 6), "VIEWER").get("/learning/patterns").json())
                .as("another tenant's patterns are not shown").isEmpty();
    }

    @Test
    void aVersionAnAdministratorPublishesKeepsTheLearnedRulesItInheritsUnlessTheyAreDropped() {
        String target = failFiveTimes();
        JsonNode learned = awaitVersionBy("system:learning");
        assertThat(learned.get("version").asInt()).isEqualTo(1);

        JsonNode mine = admin.post("/admin/policies", """
                {"rules":[{"name":"prod-note","expression":"mode == 'prod'","effect":"WARN","message":"a prod run"}],
                 "reason":"our own rule"}""").json();
        assertThat(mine.get("source").asString()).isEqualTo("person");
        assertThat(mine.get("rules").valueStream().map(rule -> rule.get("name").asString()).toList())
                .as("the person's rule, then the learned ones it inherited").containsExactly("prod-note", "unreliable-http-" + target,
                        "unreliable-http-" + target + "-dev");
        JsonNode staging = awaitGated(admin.submit(run("staging", server.url("/down"))));
        assertThat(gate(staging, "POLICY").get("decision").asString()).as("the learned rule still holds").isEqualTo("PAUSE");

        JsonNode dropped = admin.post("/admin/policies", """
                {"rules":[{"name":"prod-note","expression":"mode == 'prod'","effect":"WARN","message":"a prod run"}],
                 "keepLearned":false,"reason":"we take the learned rules away"}""").json();
        assertThat(dropped.get("rules").size()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.get("/learning/changes").json().get(0).get("kind").asString(),
                "rule-removed-by-person"::equals);
    }

    @Test
    void freezesMadeAtTheSameTimeAllCountAndThePolicyPublishedByAPersonSaysSo() throws Exception {
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String body = "{\"reason\":\"incident " + i + "\"}";
                statuses.add(callers.submit(() -> admin.post("/admin/learning/freeze", body).status()));
            }
            for (java.util.concurrent.Future<Integer> status : statuses) {
                assertThat(status.get()).as("a freeze that met another is made again on the fresh state").isEqualTo(200);
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(admin.get("/learning/freeze").json().get("frozen").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.sql(
                "SELECT count(*) FROM audit_entries WHERE action = 'learning.frozen' AND subject = ?").param(tenant).query(Long.class)
                .single()).as("each freeze audited once").isEqualTo(24));
        assertThat(admin.post("/admin/policies", """
                {"rules":[{"name":"prod-note","expression":"mode == 'prod'","effect":"WARN","message":"a prod run"}]}""").json()
                .get("source").asString()).isEqualTo("person");
    }

    private JsonNode patternOf(String kind, String subject) {
        for (JsonNode pattern : admin.get("/learning/patterns").json()) {
            if (pattern.get("kind").asString().equals(kind) && pattern.get("subject").asString().equals(subject)) {
                return pattern;
            }
        }
        return null;
    }

    private static JsonNode gate(JsonNode run, String name) {
        return run.get("gates").valueStream().filter(gate -> gate.get("gate").asString().equals(name)).findFirst().orElseThrow();
    }

    /** Five dev runs whose one http step fails for good against the loopback server; its target as rules name it. */
    private String failFiveTimes() {
        server.answer("/down", 404);
        for (int i = 0; i < 5; i++) {
            awaitTerminal(admin.submit(run("dev", server.url("/down"))));
        }
        return server.url("/down").replaceFirst("^http://", "").replaceFirst("/down$", "");
    }

    private JsonNode awaitVersionBy(String author) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> admin.get("/policies").json(),
                versions -> versions.size() > 0 && versions.get(0).get("createdBy").asString().equals(author)).get(0);
    }

    /** The run once its gates have decided. */
    private JsonNode awaitGated(String id) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> admin.get("/runs/" + id).json(),
                run -> run.get("gates").size() == 9);
    }

    private JsonNode awaitTerminal(String id) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> admin.get("/runs/" + id).json(),
                run -> List.of("SUCCEEDED", "PARTIAL", "FAILED", "ROLLED_BACK", "REJECTED", "CANCELLED").contains(run.get("status").asString()));
    }

    private JsonNode reliabilityOf(String target) {
        for (JsonNode key : admin.get("/learning/reliability?skill=http").json()) {
            if (key.get("target").asString().equals(target)) {
                return key;
            }
        }
        return null;
    }

    /** A run of one http step; in staging with the evidence its QUALITY gate asks for. */
    private static String run(String mode, String url) {
        return """
                {"intent":"call a flaky dependency","mode":"%s","evidence":{"coverage":0.91,"lint":"passed"},
                 "plan":{"steps":[{"name":"call","skill":"http","params":{"url":"%s"}}]}}"""
                .formatted(mode, url);
    }
}

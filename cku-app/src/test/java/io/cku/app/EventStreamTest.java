package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.cku.app.Api.Response;
import io.cku.app.EventStreamClient.Frame;
import io.cku.audit.AuditCheckpoints;
import tools.jackson.databind.JsonNode;

/** The event streams over real HTTP: a run's stream, the tenant's stream, resuming, filters, isolation, limits. */
class EventStreamTest extends ServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    private AuditCheckpoints checkpoints;

    @Test
    void aRunsStreamShowsItsHistoryAndLiveEventsFromSubmittedToFinishedThenTheServerCloses() throws Exception {
        Api admin = api();
        String id = admin.submit(Api.noopRun(2).replace("\"plan\"", "\"labels\":{\"ticket\":\"OPS-1\"},\"plan\""));
        try (EventStreamClient stream = EventStreamClient.open(admin, "/runs/" + id + "/events")) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.contentType()).startsWith("text/event-stream");
            stream.awaitEnd(WAIT);
            List<String> types = stream.events().stream().map(Frame::type).toList();
            assertThat(types).containsExactly("run.submitted", "gate.passed", "gate.passed", "gate.passed", "gate.passed", "gate.passed",
                    "gate.passed", "gate.passed", "gate.passed", "gate.passed", "run.status-changed", "step.started", "step.succeeded",
                    "step.started", "step.succeeded", "run.finished");
            assertThat(stream.retry()).isEqualTo("3000");
            assertThat(stream.ids()).isSorted().doesNotHaveDuplicates();
            JsonNode submitted = stream.events().get(0).json();
            assertThat(submitted.get("id").asLong()).isEqualTo(stream.events().get(0).number());
            assertThat(submitted.get("type").asString()).isEqualTo("run.submitted");
            assertThat(submitted.get("tenant").asString()).isEqualTo("default");
            assertThat(submitted.get("runId").asString()).isEqualTo(id);
            assertThat(submitted.get("at").asString()).isNotBlank();
            assertThat(submitted.get("data").get("labels").get("ticket").asString()).isEqualTo("OPS-1");
            // data is the object as the API shows it, as it was then: the run's summary, a gate decision, a step
            assertThat(submitted.get("data").get("id").asString()).isEqualTo(id);
            assertThat(submitted.get("data").get("status").asString()).isEqualTo("PENDING");
            JsonNode finished = stream.events().get(stream.events().size() - 1).json().get("data");
            assertThat(finished.get("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(finished.get("outcome").asString()).isNotBlank();
            JsonNode gate = stream.events().get(1).json().get("data");
            assertThat(gate.get("gate").asString()).isEqualTo("SECURITY");
            assertThat(gate.get("decision").asString()).isEqualTo("PASS");
            assertThat(gate.get("order").asInt()).isEqualTo(1);
            JsonNode started = stream.events().get(11).json().get("data");
            JsonNode succeeded = stream.events().get(12).json().get("data");
            assertThat(started.get("name").asString()).isEqualTo(succeeded.get("name").asString());
            assertThat(started.get("status").asString()).isEqualTo("RUNNING");
            assertThat(succeeded.get("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(succeeded.get("finishedAt").asString()).isNotBlank();
            JsonNode shown = admin.get("/runs/" + id).json();
            assertThat(succeeded.get("attemptLog")).isEqualTo(shown.get("steps").get(0).get("attemptLog"));
            // each event is the audit entry of the same seq
            for (Frame event : stream.events()) {
                assertThat(jdbc.sql("SELECT subject FROM audit_entries WHERE seq = ?").param(event.number()).query(String.class).single())
                        .isEqualTo(id);
            }
        }
    }

    @Test
    void aStreamOpenedBeforeTheRunEndsFollowsItLiveAndAPausedGateAndItsApprovalAreEvents() throws Exception {
        String tenant = "ev-" + UUID.randomUUID().toString().substring(0, 8);
        Api submitter = userWith(tenant, "OPERATOR");
        Api approver = userWith(tenant, "APPROVER");
        String id = submitter.submit(Api.noopRun(1).replace("\"mode\":\"dev\"", "\"mode\":\"staging\""));
        try (EventStreamClient stream = EventStreamClient.open(submitter, "/runs/" + id + "/events")) {
            Frame paused = stream.awaitType("gate.paused", WAIT);
            assertThat(paused.json().get("data").get("decision").asString()).isEqualTo("PAUSE");
            assertThat(paused.json().get("data").get("deadline").asString()).isNotBlank();
            String gate = paused.json().get("data").get("gate").asString();
            assertThat(stream.ended()).isFalse();
            Response approved = approver.post("/admin/runs/" + id + "/gates/" + gate + "/approve", "{\"reason\":\"looked at it\"}");
            assertThat(approved.status()).as(approved.body()).isEqualTo(200);
            Frame given = stream.awaitType("approval.given", WAIT);
            assertThat(given.json().get("data").get("reason").asString()).isEqualTo("looked at it");
            assertThat(given.json().get("data").get("decision").asString()).isEqualTo("APPROVED");
            assertThat(given.json().get("data").get("actor").asString()).startsWith("user:u-");
            assertThat(given.json().get("runId").asString()).isEqualTo(id);
            stream.awaitEnd(WAIT);
            assertThat(stream.events().get(stream.events().size() - 1).type()).isEqualTo("run.finished");
        }
    }

    @Test
    void reconnectingWithLastEventIdOrAfterReplaysOnlyWhatFollowed() throws Exception {
        Api admin = api();
        String id = admin.submit(Api.noopRun(3));
        admin.awaitStatus(id, "SUCCEEDED", WAIT);
        List<Long> all;
        try (EventStreamClient stream = EventStreamClient.open(admin, "/runs/" + id + "/events")) {
            stream.awaitEnd(WAIT);
            all = stream.ids();
        }
        long seventh = all.get(6);
        try (EventStreamClient resumed = EventStreamClient.open(admin.base(), admin.token(), "/runs/" + id + "/events",
                Map.of("Last-Event-ID", Long.toString(seventh)))) {
            resumed.awaitEnd(WAIT);
            assertThat(resumed.ids()).containsExactlyElementsOf(all.subList(7, all.size()));
        }
        try (EventStreamClient resumed = EventStreamClient.open(admin, "/runs/" + id + "/events?after=" + all.get(all.size() - 2))) {
            resumed.awaitEnd(WAIT);
            assertThat(resumed.ids()).containsExactly(all.get(all.size() - 1));
        }
        try (EventStreamClient nothingLeft = EventStreamClient.open(admin, "/runs/" + id + "/events?after=" + all.get(all.size() - 1))) {
            nothingLeft.awaitEnd(WAIT);
            assertThat(nothingLeft.events()).isEmpty();
        }
    }

    @Test
    void anotherTenantGets404ForTheRunsStreamAndSeesNoneOfItsEventsOnItsOwnStream() throws Exception {
        String other = "ev-" + UUID.randomUUID().toString().substring(0, 8);
        Api stranger = userWith(other, "OPERATOR");
        Api admin = api();
        try (EventStreamClient theirs = EventStreamClient.open(stranger, "/events")) {
            String id = admin.submit(Api.noopRun(1));
            Response forbidden = stranger.get("/runs/" + id);
            assertThat(forbidden.status()).isEqualTo(404);
            try (EventStreamClient notFound = EventStreamClient.open(stranger, "/runs/" + id + "/events")) {
                assertThat(notFound.status()).isEqualTo(404);
                assertThat(notFound.contentType()).startsWith("application/problem+json");
                assertThat(Api.json(notFound.errorBody()).get("type").asString()).endsWith("run-not-found");
            }
            admin.awaitStatus(id, "SUCCEEDED", WAIT);
            String own = stranger.submit(Api.noopRun(1));
            Frame ownFinished = theirs.await(frame -> frame.type().equals("run.finished") && frame.json().get("runId").asString().equals(own),
                    WAIT);
            assertThat(ownFinished.json().get("tenant").asString()).isEqualTo(other);
            assertThat(theirs.events()).isNotEmpty().allSatisfy(frame -> {
                assertThat(frame.json().get("tenant").asString()).isEqualTo(other);
                assertThat(frame.json().get("runId").asString()).isEqualTo(own);
            });
            // an administrator of tenant default may follow another tenant, nobody else may
            try (EventStreamClient refused = EventStreamClient.open(stranger, "/events?tenant=default")) {
                assertThat(refused.status()).isEqualTo(403);
            }
        }
    }

    @Test
    void theTenantStreamFiltersByTypePrefixAndRun() throws Exception {
        String tenant = "ev-" + UUID.randomUUID().toString().substring(0, 8);
        Api operator = userWith(tenant, "OPERATOR");
        Api admin = api();
        try (EventStreamClient gates = EventStreamClient.open(operator, "/events?types=gate.,run.finished");
                EventStreamClient asAdmin = EventStreamClient.open(admin, "/events?tenant=" + tenant + "&types=step.")) {
            String first = operator.submit(Api.noopRun(1));
            try (EventStreamClient oneRun = EventStreamClient.open(operator, "/events?runId=" + first)) {
                operator.awaitStatus(first, "SUCCEEDED", WAIT);
                String second = operator.submit(Api.noopRun(1));
                gates.await(frame -> frame.type().equals("run.finished") && frame.json().get("runId").asString().equals(second), WAIT);
                asAdmin.await(frame -> frame.json().get("runId").asString().equals(second) && frame.type().equals("step.succeeded"), WAIT);
                assertThat(gates.events()).extracting(Frame::type).allMatch(type -> type.startsWith("gate.") || type.equals("run.finished"))
                        .contains("gate.passed", "run.finished");
                assertThat(asAdmin.events()).extracting(Frame::type).containsOnly("step.started", "step.succeeded").hasSize(4);
                assertThat(oneRun.events()).allSatisfy(frame -> assertThat(frame.json().get("runId").asString()).isEqualTo(first));
            }
        }
    }

    @Test
    void resumingTheTenantStreamUnderConcurrentWritesHasNoGapAndNoDuplicateAtTheSeam() throws Exception {
        String tenant = "ev-" + UUID.randomUUID().toString().substring(0, 8);
        Api operator = userWith(tenant, "OPERATOR");
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<List<String>>> submitted = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            submitted.add(writers.submit(() -> {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    ids.add(operator.submit(Api.noopRun(2)));
                }
                return ids;
            }));
        }
        Thread.sleep(150);
        long resumeAfter = jdbc.sql("SELECT coalesce(max(seq), 0) FROM audit_chain").query(Long.class).single();
        try (EventStreamClient stream = EventStreamClient.open(operator, "/events?after=" + resumeAfter)) {
            List<String> runs = new ArrayList<>();
            for (Future<List<String>> done : submitted) {
                runs.addAll(done.get());
            }
            writers.shutdown();
            for (String run : runs) {
                operator.awaitStatus(run, "SUCCEEDED", WAIT);
            }
            // every run's 16 entries (submitted, 9 gates, running, 2 steps started and succeeded, finished) are in the chain
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> jdbc.sql(
                    "SELECT count(*) FROM audit_entries WHERE tenant = ? AND action LIKE 'run.%'").param(tenant).query(Long.class).single(),
                    count -> count == runs.size() * 16L);
            List<Long> stored = jdbc.sql("SELECT seq FROM audit_entries WHERE seq > ? AND tenant = ? AND action LIKE 'run.%' ORDER BY seq")
                    .params(resumeAfter, tenant).query(Long.class).list();
            assertThat(stored).as("some entries came after the resume point").hasSizeGreaterThan(16);
            assertThat(stored.size()).as("and some before it").isLessThan(runs.size() * 16);
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> runEventIds(stream).size() >= stored.size());
            assertThat(runEventIds(stream)).containsExactlyElementsOf(stored);
        }
    }

    @Test
    void openStreamsHoldNoPlatformThreadEach() throws Exception {
        String tenant = "ev-" + UUID.randomUUID().toString().substring(0, 8);
        List<EventStreamClient> open = new ArrayList<>();
        try {
            for (int user = 0; user < 15; user++) {
                Api viewer = userWith(tenant, "VIEWER");
                for (int i = 0; i < STREAMS_PER_PRINCIPAL; i++) {
                    EventStreamClient stream = EventStreamClient.open(viewer, "/events");
                    assertThat(stream.status()).isEqualTo(200);
                    open.add(stream);
                }
            }
            // the streams are written to: a heartbeat every 300 ms, and a run's events
            Api operator = userWith(tenant, "OPERATOR");
            operator.awaitStatus(operator.submit(Api.noopRun(1)), "SUCCEEDED", WAIT);
            // a run of one step: submitted, 9 gates, running, step started and succeeded, finished
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> open.stream().allMatch(s -> runEventIds(s).size() >= 14));
            assertThat(open).allSatisfy(stream -> assertThat(runEventIds(stream)).isEqualTo(runEventIds(open.get(0))).hasSize(14));
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            List<String> names = java.util.Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds())).filter(java.util.Objects::nonNull)
                    .map(java.lang.management.ThreadInfo::getThreadName).toList();
            long senders = names.stream().filter(name -> name.startsWith("cku-events-sender")).count();
            long web = names.stream().filter(name -> name.startsWith("http-nio")).count();
            System.out.printf("%d open streams: %d event sender and %d web server platform threads%n", open.size(), senders, web);
            assertThat(senders).as("the senders are a bounded pool (cku.events.sender-threads), or virtual threads").isLessThanOrEqualTo(64);
            assertThat(web).as("an open stream holds no request thread").isLessThan(open.size() / 3);
        } finally {
            open.forEach(EventStreamClient::close);
        }
    }

    @Test
    void aSignedCheckpointIsAnEventOfTheDefaultTenantCarryingTheSignedNote() throws Exception {
        Api admin = api();
        try (EventStreamClient audit = EventStreamClient.open(admin, "/events?types=audit.")) {
            admin.submit(Api.noopRun(1));
            checkpoints.checkpointNow();
            Frame signed = audit.awaitType("audit.checkpoint-signed", WAIT);
            JsonNode data = signed.json().get("data");
            assertThat(signed.json().get("tenant").asString()).isEqualTo("default");
            assertThat(signed.json().has("runId")).isFalse();
            assertThat(signed.number()).isGreaterThan(data.get("size").asLong());
            assertThat(data.get("headHash").asString()).hasSize(64);
            Response latest = admin.get("/audit/checkpoints");
            assertThat(latest.body()).contains(data.get("note").asString().split("\n")[0]);
            assertThat(data.get("note").asString()).contains(Long.toString(data.get("size").asLong()));
        }
    }

    @Test
    void publishingAndActivatingAPolicyAreEventsOfTheTenant() throws Exception {
        String tenant = "ev-" + UUID.randomUUID().toString().substring(0, 8);
        Api admin = userWith(tenant, "ADMIN");
        try (EventStreamClient policies = EventStreamClient.open(admin, "/events?types=policy.")) {
            Response published = admin.post("/admin/policies", """
                    {"rules":[{"name":"never","expression":"labels[\\"team\\"] == \\"nobody\\"","effect":"DENY","message":"no",\
                    "shadow":true}],"reason":"try it"}""");
            assertThat(published.status()).as(published.body()).isEqualTo(201);
            Frame event = policies.awaitType("policy.published", WAIT);
            assertThat(event.json().get("data").get("reason").asString()).isEqualTo("try it");
            assertThat(event.json().get("data").get("rules").get(0).get("name").asString()).isEqualTo("never");
            assertThat(event.json().get("data").get("version").asInt()).isEqualTo(1);
            assertThat(event.json().get("tenant").asString()).isEqualTo(tenant);
            assertThat(event.json().has("runId")).isFalse();
        }
    }

    @Test
    void badCursorsAreProblemsAnUnknownIdGetsAResetAndTooManyStreamsA429() throws Exception {
        Api admin = api();
        try (EventStreamClient bad = EventStreamClient.open(admin.base(), admin.token(), "/events", Map.of("Last-Event-ID", "yesterday"))) {
            assertThat(bad.status()).isEqualTo(400);
            assertThat(Api.json(bad.errorBody()).get("errors").get(0).get("field").asString()).isEqualTo("Last-Event-ID");
        }
        try (EventStreamClient bad = EventStreamClient.open(admin, "/events?types=RUN*")) {
            assertThat(bad.status()).isEqualTo(400);
        }
        try (EventStreamClient bad = EventStreamClient.open(admin, "/events?runId=not-a-run")) {
            assertThat(bad.status()).isEqualTo(400);
        }
        try (EventStreamClient anonymous = EventStreamClient.open(admin.base(), null, "/events", Map.of())) {
            assertThat(anonymous.status()).isEqualTo(401);
        }
        try (EventStreamClient future = EventStreamClient.open(admin, "/events?after=900000000000")) {
            Frame reset = future.awaitType("reset", WAIT);
            assertThat(reset.json().get("reason").asString()).contains("not in this stream");
            future.awaitEnd(WAIT);
        }

        Api viewer = userWith("ev-" + UUID.randomUUID().toString().substring(0, 8), "VIEWER");
        List<EventStreamClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < STREAMS_PER_PRINCIPAL; i++) {
                EventStreamClient stream = EventStreamClient.open(viewer, "/events");
                assertThat(stream.status()).isEqualTo(200);
                open.add(stream);
            }
            try (EventStreamClient refused = EventStreamClient.open(viewer, "/events")) {
                assertThat(refused.status()).isEqualTo(429);
                assertThat(Api.json(refused.errorBody()).get("type").asString()).endsWith("too-many-streams");
            }
        } finally {
            open.forEach(EventStreamClient::close);
        }
        // the closed streams' places free up once the server's next heartbeat finds the connection gone
        org.awaitility.Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            try (EventStreamClient again = EventStreamClient.open(viewer, "/events")) {
                return again.status() == 200;
            }
        });
        try (EventStreamClient idle = EventStreamClient.open(userWith("ev-" + UUID.randomUUID().toString().substring(0, 8), "VIEWER"),
                "/events")) {
            assertThat(idle.status()).isEqualTo(200);
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> idle.comments().stream().anyMatch(c -> c.data().equals("heartbeat")));
        }
    }

    /** The ids of a tenant stream's events about runs (the learning loop adds its own, moments after a run ends). */
    private static List<Long> runEventIds(EventStreamClient stream) {
        return stream.events().stream().filter(frame -> !frame.type().startsWith("learning.")).map(Frame::number).toList();
    }
}

package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.util.ReflectionTestUtils;

import io.cku.app.Api.Response;
import io.cku.audit.AuditLog;

/**
 * Two instances on one database: a cancel or an approval accepted by one instance takes effect on the run the other
 * instance's worker is executing within a second. "Here" is the test's instance, "there" the second one.
 */
class RunsAcrossInstancesTest extends TwoInstanceTest {

    private static final String LONG_RUN = """
            {"intent":"long","plan":{"steps":[{"name":"wait","skill":"sleep","params":{"ms":30000}},{"name":"next","skill":"noop"}]}}""";

    @Autowired
    private ApplicationContext context;

    @Autowired
    private AuditLog audit;

    @Test
    void aCancelAcceptedHereStopsTheStepExecutingThereWithinASecond() {
        Api there = anonymous(other).withToken(api().token());
        String id = runningThere(there);

        long sent = System.nanoTime();
        Response cancelled = api().post("/runs/" + id + "/cancel", "");
        long accepted = System.nanoTime();
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");
        // the other instance's worker lets go of the run (clears its lease) once its step has stopped
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10)).until(() -> leaseOwner(id).isEmpty());
        long stopped = System.nanoTime();

        Duration taken = Duration.ofNanos(stopped - accepted);
        System.out.printf("cancel here -> step stopped there: %d ms (the cancel itself took %d ms)%n", taken.toMillis(),
                Duration.ofNanos(accepted - sent).toMillis());
        assertThat(taken).isLessThan(Duration.ofSeconds(1));
        assertThat(api().get("/runs/" + id).json().get("status").asString()).isEqualTo("CANCELLED");
        audit.integrate();
        assertThat(jdbc.sql("SELECT count(*) FROM audit_entries WHERE action = 'run.cancelled' AND subject = ? AND actor = 'user:admin'")
                .param(id).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void anApprovalHereLetsARunGoOnWithinASecond() {
        Api submitter = api();
        Api approver = userWith("default", "APPROVER");
        String id = anonymous(other).withToken(submitter.token()).submit(Api.noopRun(1).replace("\"mode\":\"dev\"", "\"mode\":\"staging\""));
        submitter.awaitStatus(id, "AWAITING_APPROVAL", Duration.ofSeconds(10));

        Response approved = approver.post("/admin/runs/" + id + "/gates/quality/approve", "{\"reason\":\"hotfix\"}");
        long accepted = System.nanoTime();
        assertThat(approved.status()).isEqualTo(200);
        submitter.awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(10));

        Duration taken = Duration.ofNanos(System.nanoTime() - accepted);
        System.out.printf("approval here -> run succeeded: %d ms%n", taken.toMillis());
        assertThat(taken).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void aWaitHereIsAnsweredWhenTheRunChangesThroughTheOtherInstance() {
        Api there = anonymous(other).withToken(api().token());
        String id = api().submit(Api.noopRun(1).replace("\"mode\":\"dev\"", "\"mode\":\"staging\""));
        long version = api().awaitStatus(id, "AWAITING_APPROVAL", Duration.ofSeconds(10)).get("version").asLong();
        CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(
                () -> api().get("/runs/" + id + "?waitForChangeAfter=" + version + "&timeout=20s"));
        Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());

        assertThat(there.post("/runs/" + id + "/cancel", "").status()).isEqualTo(200);
        long cancelled = System.nanoTime();
        Response response = waiting.join();

        Duration taken = Duration.ofNanos(System.nanoTime() - cancelled);
        System.out.printf("cancel there -> wait here answered: %d ms%n", taken.toMillis());
        assertThat(taken).isLessThan(Duration.ofSeconds(1));
        assertThat(response.header("CKU-Changed")).contains("true");
        assertThat(response.json().get("status").asString()).isEqualTo("CANCELLED");
    }

    /** Submits a long run through the other instance until its worker (not one of this instance's) executes the step. */
    private String runningThere(Api there) {
        String here = (String) ReflectionTestUtils.getField(context.getBean("runWorkers"), "owner");
        for (int attempt = 0; attempt < 5; attempt++) {
            String id = there.submit(LONG_RUN);
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> stepRunning(id));
            if (!leaseOwner(id).orElseThrow().equals(here)) {
                return id;
            }
            api().post("/runs/" + id + "/cancel", "");
        }
        throw new AssertionError("this instance's workers claimed every run first");
    }

    private boolean stepRunning(String id) {
        return jdbc.sql("SELECT count(*) FROM run_steps WHERE run_id = ?::uuid AND name = 'wait' AND status = 'RUNNING'").param(id)
                .query(Long.class).single() == 1 && leaseOwner(id).isPresent();
    }

    private Optional<String> leaseOwner(String id) {
        return jdbc.sql("SELECT lease_owner FROM runs WHERE id = ?::uuid").param(id)
                .query((rs, n) -> Optional.ofNullable(rs.getString(1))).single();
    }
}

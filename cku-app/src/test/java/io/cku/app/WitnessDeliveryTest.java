package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import io.cku.audit.AuditCheckpoints;
import io.cku.audit.AuditLog;
import io.cku.audit.AuditRecord;
import io.cku.shared.audit.CheckpointVerifier;
import io.cku.audit.WitnessSawLargerCheckpoint;
import io.cku.shared.Actor;
import io.cku.shared.TenantId;

/**
 * Signed checkpoints reach an outside witness, a real HTTP server on loopback at ServiceTest's witness port: verifiable
 * with the published key, in size order, late but complete after the witness was down; and a witness that has seen a
 * larger size raises an alert and turns health down. Each test starts from a witness that has received everything.
 */
class WitnessDeliveryTest extends ServiceTest {

    private static final Actor AUDITOR = new Actor(Actor.Kind.USER, "witness-test", TenantId.DEFAULT);
    private static final URI WITNESS_URL = URI.create("http://127.0.0.1:" + WITNESS_PORT + LoopbackWitness.PATH);

    @Autowired
    private AuditLog audit;

    @Autowired
    private AuditCheckpoints checkpoints;

    @Autowired
    @Qualifier("auditWitnessHealthIndicator")
    private HealthIndicator witnessHealth;

    private final LoopbackWitness witness = new LoopbackWitness(WITNESS_PORT);
    private CheckpointVerifier verifier;

    @BeforeEach
    void witnessHasCaughtUp() {
        verifier = new CheckpointVerifier(api().get("/audit/public-key").body().strip());
        witness.start();
        waiting().until(() -> pendingDeliveries() == 0);
    }

    @AfterEach
    void stopWitness() {
        witness.stop();
    }

    @Test
    void checkpointsArriveAsSignedNotesThatVerifyWithThePublishedKey() {
        String first = appendAndCheckpoint(3);
        String second = appendAndCheckpoint(2);

        waiting().until(() -> witness.notes().containsAll(List.of(first, second)));
        assertThat(witness.notes()).containsSubsequence(first, second);
        assertThat(witness.received()).allSatisfy(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.contentType()).isEqualTo("text/plain; charset=utf-8");
            assertThat(verifier.verify(request.body()).origin()).isEqualTo("cku/audit");
        });
        assertThat(witness.notes().stream().map(note -> verifier.verify(note).size()).toList()).isSorted();
        waiting().until(() -> delivery(size(second)).map(Delivery::state).orElse(""), "DELIVERED"::equals);
        assertThat(delivery(size(second)).orElseThrow().response()).isEqualTo(LoopbackWitness.COSIGNATURE);
    }

    @Test
    void aWitnessThatWasDownReceivesTheCheckpointsOnceItIsBack() {
        witness.stop();
        String first = appendAndCheckpoint(2);
        String second = appendAndCheckpoint(2);

        waiting().until(() -> attempts(size(first)) >= 2);
        int seen = attempts(size(first));
        waiting().until(() -> attempts(size(first)) > seen);
        Delivery failing = delivery(size(first)).orElseThrow();
        assertThat(failing.state()).isEqualTo("PENDING");
        assertThat(failing.lastError()).isNotBlank();
        assertThat(attempts(size(second))).as("the second waits behind the first").isZero();

        witness.start();

        waiting().until(() -> witness.notes().containsAll(List.of(first, second)));
        assertThat(witness.notes()).containsSubsequence(first, second);
        waiting().until(() -> pendingDeliveries() == 0);
        Delivery delivered = delivery(size(first)).orElseThrow();
        assertThat(delivered.state()).isEqualTo("DELIVERED");
        assertThat(delivered.attempts()).isGreaterThan(seen);
        assertThat(delivered.lastError()).as("the last failure is kept").isNotBlank();
    }

    @Test
    void aWitnessThatSawALargerSizeRaisesAnAlertAndTurnsHealthDownUntilItAcceptsANewerCheckpoint() {
        waiting().until(() -> anonymous().get("/actuator/health").status() == 200);
        witness.claimToHaveSeen(note -> verifier.verify(note).size() + 1000);

        long refused = size(appendAndCheckpoint(1));

        waiting().until(() -> alertsFor(refused).size() == 1);
        assertThat(alertsFor(refused)).containsExactly(new WitnessSawLargerCheckpoint(WITNESS_URL, refused, refused + 1000));
        assertThat(delivery(refused).orElseThrow().state()).isEqualTo("CONFLICT");
        waiting().until(() -> witnessHealth.health().getStatus(), Status.DOWN::equals);
        assertThat(witnessHealth.health().getDetails().get("conflicts")).asInstanceOf(InstanceOfAssertFactories.LIST).containsExactly(
                Map.of("witness", WITNESS_URL.toString(), "checkpointSize", refused, "witnessSize", refused + 1000));
        Api.Response health = anonymous().get("/actuator/health");
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().get("status").asString()).isEqualTo("DOWN");
        audit.integrate();
        assertThat(jdbc.sql("SELECT details->>'witnessSize' FROM audit_entries WHERE action = 'audit.witness-conflict' AND subject = ?")
                .param(WITNESS_URL.toString()).query(String.class).list()).contains(String.valueOf(refused + 1000));
        assertThat(api().get("/actuator/prometheus").body()).containsPattern("cku_audit_witness_conflicts_total [1-9]");

        witness.accept();
        appendAndCheckpoint(1);

        waiting().until(() -> witnessHealth.health().getStatus(), Status.UP::equals);
        assertThat(anonymous().get("/actuator/health").status()).isEqualTo(200);
    }

    /** Appends entries, waits until the chain holds them (appends may be integrated after commit), then signs the head. */
    private String appendAndCheckpoint(int entries) {
        long before = highestSeq();
        for (int i = 0; i < entries; i++) {
            audit.append(new AuditRecord(AUDITOR, "test.witnessed", "entry-" + i, Map.of("n", i)));
        }
        waiting().until(() -> highestSeq() >= before + entries);

        String note = checkpoints.checkpointNow().orElseThrow();
        assertThat(size(note)).isGreaterThanOrEqualTo(before + entries);
        return note;
    }

    private long size(String note) {
        return verifier.verify(note).size();
    }

    private List<WitnessSawLargerCheckpoint> alertsFor(long size) {
        return recordedEvents.of(WitnessSawLargerCheckpoint.class).stream().filter(alert -> alert.checkpointSize() == size).toList();
    }

    private long highestSeq() {
        return jdbc.sql("SELECT coalesce(max(seq), 0) FROM audit_entries").query(Long.class).single();
    }

    private long pendingDeliveries() {
        return jdbc.sql("SELECT count(*) FROM audit_witness_deliveries WHERE state = 'PENDING'").query(Long.class).single();
    }

    private int attempts(long size) {
        return delivery(size).map(Delivery::attempts).orElse(0);
    }

    private Optional<Delivery> delivery(long size) {
        return jdbc.sql("SELECT state, attempts, last_error, response FROM audit_witness_deliveries WHERE witness_url = ? AND size = ?")
                .params(WITNESS_URL.toString(), size)
                .query((rs, row) -> new Delivery(rs.getString("state"), rs.getInt("attempts"), rs.getString("last_error"),
                        rs.getString("response")))
                .optional();
    }

    private static ConditionFactory waiting() {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50));
    }

    private record Delivery(String state, int attempts, String lastError, String response) {
    }
}

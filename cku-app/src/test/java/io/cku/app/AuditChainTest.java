package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import io.cku.audit.AuditCheckpoints;
import io.cku.audit.AuditEntry;
import io.cku.audit.AuditLog;
import io.cku.audit.AuditRecord;
import io.cku.shared.audit.CanonicalEntry;
import io.cku.audit.ChainCheck;
import io.cku.shared.audit.ChainHashes;
import io.cku.audit.ChainHealth;
import io.cku.shared.audit.Verification;
import io.cku.shared.Actor;
import io.cku.shared.TenantId;

/**
 * The audit chain on the real PostgreSQL: tampering is detected and pinpointed by seq, appends from many threads stay
 * contiguous, an entry commits or rolls back with its change. Each tamper test repairs what it broke.
 */
class AuditChainTest extends ServiceTest {

    private static final Actor ALICE = new Actor(Actor.Kind.USER, "alice", TenantId.DEFAULT);

    @Autowired
    private AuditLog audit;

    @Autowired
    private TransactionTemplate tx;

    @Autowired
    private AuditCheckpoints checkpoints;

    @Autowired
    private io.cku.audit.AuditReader reader;

    @Autowired
    private ChainHealth chainHealth;

    @Test
    void detectsAChangedDetailsValueAtItsSeq() {
        List<AuditEntry> entries = append(5);
        long target = entries.get(2).seq();

        byte[] original = changeAmount(target, "102", "1000000");
        String shown = jdbc.sql("SELECT details->>'amount' FROM audit_entries WHERE seq = ?").param(target).query(String.class).single();
        Verification tampered = verify(entries);
        jdbc.sql("UPDATE audit_chain SET canonical = ? WHERE seq = ?").params(original, target).update();

        assertThat(shown).isEqualTo("1000000");
        assertThat(tampered.valid()).isFalse();
        assertThat(tampered.firstInvalidSeq()).isEqualTo(target);
        assertThat(tampered.reason()).contains("leaf hash does not match its bytes");
        assertThat(verify(entries).valid()).isTrue();
    }

    @Test
    void detectsEntriesMissingAtTheEndOfTheRequestedRange() {
        List<AuditEntry> entries = append(6);
        long first = entries.get(0).seq();
        long missing = entries.get(3).seq();
        Map<String, Object> three = jdbc.sql("SELECT * FROM audit_chain WHERE seq = ?").param(missing).query().singleRow();
        Map<String, Object> four = jdbc.sql("SELECT * FROM audit_chain WHERE seq = ?").param(missing + 1).query().singleRow();

        jdbc.sql("DELETE FROM audit_chain WHERE seq IN (?, ?)").params(missing, missing + 1).update();
        Verification tampered = audit.verify(first, missing + 1);
        restore(three);
        restore(four);

        assertThat(tampered.valid()).isFalse();
        assertThat(tampered.firstInvalidSeq()).isEqualTo(missing);
        assertThat(tampered.reason()).contains("entry " + missing + " is missing");
        assertThat(audit.verify(first, missing + 1).valid()).isTrue();
    }

    @Test
    void aRangeBeyondTheEndHasNothingToVerify() {
        long size = audit.integrate();

        Verification beyond = audit.verify(size + 5, Long.MAX_VALUE);
        tools.jackson.databind.JsonNode overHttp = api().get("/audit/verify?from=" + (size + 5)).json();

        assertThat(beyond.valid()).isTrue();
        assertThat(beyond.checked()).isZero();
        assertThat(overHttp.get("valid").asBoolean()).isTrue();
    }

    @Test
    void theBackgroundCheckKeepsABrokenEntryInViewUntilItIsRepairedHoweverManyEntriesFollow() {
        long target = append(1).get(0).seq();
        byte[] original = changeAmount(target, "100", "9");
        try {
            assertThat(chainHealth.checkNow().verification().firstInvalidSeq()).isEqualTo(target);
            append(60); // more than the 50 newest entries the tests' background check looks at

            ChainCheck later = chainHealth.checkNow();

            assertThat(later.healthy()).isFalse();
            assertThat(later.verification().firstInvalidSeq()).isEqualTo(target);
        } finally {
            jdbc.sql("UPDATE audit_chain SET canonical = ? WHERE seq = ?").params(original, target).update();
        }
        assertThat(chainHealth.checkNow().healthy()).isTrue();
        assertThat(chainHealth.checkNow().from()).isGreaterThan(target);
    }

    @Test
    void entriesThatCannotBeLinkedTurnTheCheckUnhealthy() {
        long size = audit.integrate();
        jdbc.sql("INSERT INTO audit_chain (seq, canonical, leaf_hash, prev_link, link_hash) VALUES (?, ?, ?, ?, ?)")
                .params(size + 1, new byte[] {'{', '}'}, new byte[32], new byte[] {1}, new byte[] {2}).update(); // a stray row in the way
        CanonicalEntry.Template waiting = CanonicalEntry.template("2026-11-24T20:00:00Z", "default", "user:alice", "test.stuck", "x", Map.of());
        jdbc.sql("INSERT INTO audit_queue (prefix, suffix, queued_at) VALUES (?, ?, now() - interval '2 minutes')")
                .params(waiting.prefix(), waiting.suffix()).update();
        ChainCheck stuck;
        try {
            stuck = chainHealth.checkNow();
        } finally {
            jdbc.sql("DELETE FROM audit_chain WHERE seq = ?").param(size + 1).update();
        }

        assertThat(stuck.healthy()).isFalse();
        assertThat(stuck.queued()).isPositive();
        assertThat(stuck.summary()).startsWith("audit entries are not being linked into the chain: ");
        audit.integrate();
        assertThat(chainHealth.checkNow().healthy()).isTrue();
    }

    @Test
    void anEntrysFieldsHaveNoCopyBesideTheHashedBytesToChange() {
        long seq = append(1).get(0).seq();

        assertThatThrownBy(() -> jdbc.sql("UPDATE audit_entries SET details = '{}'::jsonb WHERE seq = ?").param(seq).update())
                .hasMessageContaining("cannot update view");
    }

    @Test
    void detectsADeletedMiddleEntry() {
        List<AuditEntry> entries = append(5);
        long target = entries.get(2).seq();
        Map<String, Object> row = jdbc.sql("SELECT * FROM audit_chain WHERE seq = ?").param(target).query().singleRow();

        jdbc.sql("DELETE FROM audit_chain WHERE seq = ?").param(target).update();
        Verification tampered = verify(entries);
        restore(row);

        assertThat(tampered.firstInvalidSeq()).isEqualTo(target);
        assertThat(tampered.reason()).contains("is missing");
        assertThat(verify(entries).valid()).isTrue();
    }

    @Test
    void detectsTwoSwappedEntries() {
        List<AuditEntry> entries = append(5);
        long first = entries.get(1).seq();
        long second = entries.get(2).seq();
        Map<String, Object> a = jdbc.sql("SELECT * FROM audit_chain WHERE seq = ?").param(first).query().singleRow();
        Map<String, Object> b = jdbc.sql("SELECT * FROM audit_chain WHERE seq = ?").param(second).query().singleRow();

        jdbc.sql("DELETE FROM audit_chain WHERE seq IN (?, ?)").params(first, second).update();
        restore(withSeq(b, first));
        restore(withSeq(a, second));
        Verification tampered = verify(entries);
        jdbc.sql("DELETE FROM audit_chain WHERE seq IN (?, ?)").params(first, second).update();
        restore(a);
        restore(b);

        assertThat(tampered.firstInvalidSeq()).isEqualTo(first);
        assertThat(verify(entries).valid()).isTrue();
    }

    @Test
    void aSignedCheckpointCatchesATruncatedTail() {
        List<AuditEntry> entries = append(5);
        checkpoints.checkpointNow();
        long last = entries.get(4).seq();

        Verification truncated = tamperedThenRolledBack(() -> {
            jdbc.sql("DELETE FROM audit_chain WHERE seq > ?").param(last - 2).update();
            AuditEntry newTail = entries.get(2);
            jdbc.sql("UPDATE audit_head SET seq = ?, link_hash = ?").params(newTail.seq(), newTail.linkHash()).update();
            return audit.verify(entries.get(0).seq(), Long.MAX_VALUE);
        });

        assertThat(truncated.valid()).isFalse();
        assertThat(truncated.firstInvalidSeq()).isEqualTo(last - 1);
        assertThat(truncated.reason()).contains("removed from the end");
        assertThat(audit.verify(entries.get(0).seq(), Long.MAX_VALUE).valid()).isTrue();
    }

    @Test
    void aSignedCheckpointCatchesAnEntryReplacedWithEveryLaterHashRecomputed() {
        List<AuditEntry> entries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            entries.addAll(append(1));
            checkpoints.checkpointNow();
        }
        AuditEntry target = entries.get(2);
        audit.integrate();
        // every entry from the target on: the appended ones and the record of each checkpoint between them
        List<AuditEntry> later = reader.after(target.seq() - 1, 1_000);

        Verification rewritten = tamperedThenRolledBack(() -> {
            byte[] previous = target.prevLink();
            for (AuditEntry entry : later) {
                String details = entry.seq() == target.seq() ? "{\"amount\": 1, \"note\": \"rewritten\"}" : entry.details();
                byte[] canonical = CanonicalEntry.bytes(entry.seq(), entry.at(), entry.tenant(), entry.actor(), entry.action(),
                        entry.subject(), Api.json(details));
                byte[] leaf = ChainHashes.leaf(canonical);
                byte[] link = ChainHashes.link(previous, leaf, entry.seq());
                jdbc.sql("UPDATE audit_chain SET canonical = ?, leaf_hash = ?, prev_link = ?, link_hash = ? WHERE seq = ?")
                        .params(canonical, leaf, previous, link, entry.seq()).update();
                previous = link;
            }
            return audit.verify(entries.get(0).seq(), Long.MAX_VALUE);
        });

        // the checkpoints narrow it down to what follows the last one that still matches: the one signed after the entry
        // before the target (its size is that entry's seq); between them lies that checkpoint's own record
        long lastMatching = entries.get(1).seq();
        assertThat(rewritten.valid()).isFalse();
        assertThat(rewritten.firstInvalidSeq()).isEqualTo(lastMatching + 1).isLessThan(target.seq());
        assertThat(later.get(0).seq()).isEqualTo(target.seq());
        assertThat(rewritten.reason()).contains("rewritten").contains("checkpoint of size " + target.seq());
        assertThat(audit.verify(entries.get(0).seq(), Long.MAX_VALUE).valid()).isTrue();
    }

    @Test
    void appendsFromSixteenThreadsStayContiguousAndVerify() throws Exception {
        long before = audit.integrate();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> appended = new ArrayList<>();
        for (int i = 0; i < 1600; i++) {
            int n = i;
            appended.add(pool.submit(() -> audit.append(new AuditRecord(ALICE, "test.concurrent", "n" + n, Map.of("n", n)))));
        }
        for (Future<?> entry : appended) {
            entry.get();
        }
        pool.shutdown();

        long after = audit.integrate();
        assertThat(after - before).isGreaterThanOrEqualTo(1600);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_entries WHERE seq > ? AND seq <= ?").params(before, after).query(Long.class).single())
                .isEqualTo(after - before);
        assertThat(jdbc.sql("SELECT count(DISTINCT subject) FROM audit_entries WHERE action = 'test.concurrent' AND seq > ?")
                .param(before).query(Long.class).single()).isEqualTo(1600);
        assertThat(audit.verify(before + 1, after).valid()).isTrue();
    }

    @Test
    void anEntryRollsBackWithItsChangeAndCommitsWithIt() {
        String marker = UUID.randomUUID().toString();
        try {
            tx.executeWithoutResult(status -> {
                jdbc.sql("INSERT INTO tenants (id, created_at) VALUES (?, now())").param(marker.substring(0, 8)).update();
                audit.append(new AuditRecord(ALICE, "test.rolled-back", marker, Map.of()));
                throw new IllegalStateException("the change fails mid-transaction");
            });
        } catch (IllegalStateException expected) {
            // the change and its entry are gone together
        }
        audit.integrate();
        assertThat(jdbc.sql("SELECT count(*) FROM tenants WHERE id = ?").param(marker.substring(0, 8)).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM audit_entries WHERE subject = ?").param(marker).query(Long.class).single()).isZero();

        tx.executeWithoutResult(status -> {
            jdbc.sql("INSERT INTO tenants (id, created_at) VALUES (?, now())").param(marker.substring(0, 8)).update();
            audit.append(new AuditRecord(ALICE, "test.committed", marker, Map.of()));
        });

        // no explicit integrate: the sequencer links the committed entry by itself
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                jdbc.sql("SELECT action FROM audit_entries WHERE subject = ?").param(marker).query(String.class).list())
                .containsExactly("test.committed"));
    }

    @Test
    void loginsAndAdminChangesLeaveEntries() {
        long before = audit.integrate();

        userWith("default", "VIEWER");
        anonymous().post("/auth/token", "{\"username\":\"admin\",\"password\":\"wrong-password-x\"}");
        audit.integrate();

        List<String> actions = jdbc.sql("SELECT action FROM audit_entries WHERE seq > ? ORDER BY seq").param(before).query(String.class).list();
        assertThat(actions).contains("user.created", "login.succeeded", "token.issued", "login.failed");
        long after = audit.integrate();
        tools.jackson.databind.JsonNode verified = userWith("default", "APPROVER")
                .get("/audit/verify?from=" + (before + 1) + "&to=" + after).json();
        assertThat(verified.get("valid").asBoolean()).isTrue();
        assertThat(verified.get("checked").asLong()).isEqualTo(after - before);
    }

    @Test
    void everyStateChangeOfARunLeavesAnEntryInOrder() {
        String id = api().post("/runs", Api.noopRun(2)).json().get("id").asString();
        tools.jackson.databind.JsonNode run = api().awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(10));
        audit.integrate();

        // the run's own entries (the learning loop records the finished run's outcome under its id too, moments later)
        List<String> actions = jdbc.sql("SELECT action FROM audit_entries WHERE subject = ? AND action LIKE 'run.%' ORDER BY seq")
                .param(id).query(String.class).list();
        int gates = run.get("gates").size();
        assertThat(gates).isPositive();
        assertThat(actions.get(0)).isEqualTo("run.submitted");
        assertThat(actions).filteredOn("run.gate-decided"::equals).hasSize(gates);
        assertThat(actions.subList(actions.size() - 5, actions.size()))
                .containsExactly("run.step-started", "run.step-succeeded", "run.step-started", "run.step-succeeded", "run.finished");
        assertThat(jdbc.sql("SELECT DISTINCT actor FROM audit_entries WHERE subject = ? AND action LIKE 'run.%'"
                + " AND action <> 'run.submitted'").param(id).query(String.class).list()).containsExactly("system:system");
        assertThat(jdbc.sql("SELECT details->>'to' FROM audit_entries WHERE subject = ? AND action = 'run.finished'").param(id)
                .query(String.class).single()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aBrokenChainTurnsHealthDownZeroesTheMetricAndHoldsRunsAtOperations() {
        List<AuditEntry> entries = append(3);
        long target = entries.get(1).seq();
        byte[] original = changeAmount(target, "101", "7");
        try {
            ChainCheck broken = chainHealth.checkNow();
            assertThat(broken.healthy()).isFalse();
            assertThat(broken.verification().firstInvalidSeq()).isEqualTo(target);

            Api.Response health = anonymous().get("/actuator/health");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().get("status").asString()).isEqualTo("DOWN");
            assertThat(api().get("/actuator/prometheus").body()).contains("cku_audit_chain_valid 0.0");

            String id = api().post("/runs", Api.noopRun(1)).json().get("id").asString();
            tools.jackson.databind.JsonNode held = api().awaitStatus(id, "AWAITING_APPROVAL", Duration.ofSeconds(10));
            tools.jackson.databind.JsonNode operations = gate(held, "OPERATIONS");
            assertThat(operations.get("decision").asString()).isEqualTo("PAUSE");
            assertThat(operations.get("reason").asString()).startsWith("audit chain broken at entry " + target + ":");
            api().post("/runs/" + id + "/cancel", "");
        } finally {
            jdbc.sql("UPDATE audit_chain SET canonical = ? WHERE seq = ?").params(original, target).update();
            chainHealth.checkNow();
        }

        assertThat(chainHealth.latest().healthy()).isTrue();
        assertThat(anonymous().get("/actuator/health").status()).isEqualTo(200);
        assertThat(api().get("/actuator/prometheus").body()).contains("cku_audit_chain_valid 1.0");
        String id = api().post("/runs", Api.noopRun(1)).json().get("id").asString();
        assertThat(gate(api().awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(10)), "OPERATIONS").get("reason").asString())
                .contains("audit chain verified, entries ");
    }

    private static tools.jackson.databind.JsonNode gate(tools.jackson.databind.JsonNode run, String name) {
        return run.get("gates").valueStream().filter(gate -> gate.get("gate").asString().equals(name)).findFirst().orElseThrow();
    }

    /** Tampers inside a transaction that holds the chain's head (no append can interleave) and rolls it back. */
    private Verification tamperedThenRolledBack(java.util.function.Supplier<Verification> tampering) {
        return tx.execute(status -> {
            jdbc.sql("SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE").query(Long.class).single();
            Verification result = tampering.get();
            status.setRollbackOnly();
            return result;
        });
    }

    /** Appends {@code count} entries, links them into the chain and reads them back as stored. */
    private List<AuditEntry> append(int count) {
        String batch = UUID.randomUUID().toString();
        for (int i = 0; i < count; i++) {
            audit.append(new AuditRecord(ALICE, "test.payment", batch + "/invoice-" + i, Map.of("amount", 100 + i, "note", "é ✓")));
        }
        audit.integrate();
        return jdbc.sql("SELECT * FROM audit_entries WHERE subject LIKE ? ORDER BY seq").param(batch + "/%")
                .query((rs, n) -> new AuditEntry(rs.getLong("seq"), rs.getTimestamp("at").toInstant(), rs.getString("tenant"),
                        rs.getString("actor"), rs.getString("action"), rs.getString("subject"), rs.getString("details"),
                        rs.getBytes("canonical"), rs.getBytes("leaf_hash"), rs.getBytes("prev_link"), rs.getBytes("link_hash")))
                .list();
    }

    private Verification verify(List<AuditEntry> entries) {
        return audit.verify(entries.get(0).seq(), entries.get(entries.size() - 1).seq());
    }

    private void restore(Map<String, Object> row) {
        jdbc.sql("INSERT INTO audit_chain (seq, canonical, leaf_hash, prev_link, link_hash) VALUES (:seq, :canonical, :leaf_hash, :prev_link, :link_hash)")
                .paramSource(row).update();
    }

    /** Edits an entry's stored bytes the way someone with write access to the table would; returns the original bytes. */
    private byte[] changeAmount(long seq, String from, String to) {
        byte[] original = jdbc.sql("SELECT canonical FROM audit_chain WHERE seq = ?").param(seq).query(byte[].class).single();
        String edited = new String(original, StandardCharsets.UTF_8).replace("\"amount\":" + from, "\"amount\":" + to);
        assertThat(edited).contains("\"amount\":" + to);
        jdbc.sql("UPDATE audit_chain SET canonical = ? WHERE seq = ?").params(edited.getBytes(StandardCharsets.UTF_8), seq).update();
        return original;
    }

    private static Map<String, Object> withSeq(Map<String, Object> row, long seq) {
        Map<String, Object> copy = new java.util.HashMap<>(row);
        copy.put("seq", seq);
        return copy;
    }
}

package io.cku.audit.internal;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The delivery of each signed checkpoint to each witness ({@code audit_witness_deliveries}): PENDING until the witness
 * accepts it (DELIVERED) or answers that it has seen a larger size (CONFLICT). Only the smallest PENDING size of a
 * witness can be claimed, so a witness receives checkpoints one at a time and in size order, from any number of instances.
 */
@Component
class WitnessDeliveries {

    /** A claimed delivery: the note to send, and the attempt this is (which fences the failure it may record). */
    record Delivery(URI witness, long size, int attempt, String note) {
    }

    /** A conflict no later delivery to the same witness has settled. */
    record Conflict(URI witness, long checkpointSize, long witnessSize) {
    }

    /** How far one witness has got. */
    record Progress(URI witness, long pending, Optional<Long> deliveredSize, Optional<String> lastError) {
    }

    private final JdbcClient jdbc;

    WitnessDeliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Queues the checkpoints above the largest size this witness was ever given; a witness new to this log starts at
     * the newest checkpoint. A checkpoint that commits after a larger one was queued is never sent, since the witness
     * would (rightly) answer that it has seen a larger size.
     */
    void queueNewCheckpoints(URI witness, Instant now) {
        jdbc.sql("""
                INSERT INTO audit_witness_deliveries (witness_url, size, state, attempts, next_attempt_at)
                SELECT :url, c.size, 'PENDING', 0, :now FROM audit_checkpoints c
                WHERE c.size > COALESCE((SELECT max(size) FROM audit_witness_deliveries WHERE witness_url = :url),
                                        (SELECT max(size) FROM audit_checkpoints) - 1)
                ON CONFLICT DO NOTHING""")
                .param("url", witness.toString()).param("now", Timestamp.from(now)).update();
    }

    /** Claims the due head-of-line delivery of each witness until {@code leaseUntil} (one statement, no open transaction). */
    List<Delivery> claimDue(List<URI> witnesses, Instant now, Instant leaseUntil) {
        return jdbc.sql("""
                UPDATE audit_witness_deliveries d SET attempts = d.attempts + 1, next_attempt_at = :leaseUntil
                FROM audit_checkpoints c
                WHERE c.size = d.size AND (d.witness_url, d.size) IN (
                    SELECT p.witness_url, p.size FROM audit_witness_deliveries p
                    WHERE p.state = 'PENDING' AND p.next_attempt_at <= :now AND p.witness_url IN (:urls)
                      AND p.size = (SELECT min(q.size) FROM audit_witness_deliveries q
                                    WHERE q.witness_url = p.witness_url AND q.state = 'PENDING')
                    FOR UPDATE OF p SKIP LOCKED)
                RETURNING d.witness_url, d.size, d.attempts, c.note""")
                .param("leaseUntil", Timestamp.from(leaseUntil)).param("now", Timestamp.from(now)).param("urls", urls(witnesses))
                .query((rs, row) -> new Delivery(URI.create(rs.getString("witness_url")), rs.getLong("size"), rs.getInt("attempts"),
                        rs.getString("note")))
                .list();
    }

    void delivered(Delivery delivery, String answer, Instant now) {
        jdbc.sql("""
                UPDATE audit_witness_deliveries SET state = 'DELIVERED', delivered_at = :now, response = :answer
                WHERE witness_url = :url AND size = :size AND state = 'PENDING'""")
                .param("now", Timestamp.from(now)).param("answer", answer).params(key(delivery)).update();
    }

    /** Settles the delivery as a conflict; false when it was already settled (by another instance's earlier attempt). */
    boolean conflicted(Delivery delivery, long witnessSize) {
        return jdbc.sql("""
                UPDATE audit_witness_deliveries SET state = 'CONFLICT', witness_size = :witnessSize
                WHERE witness_url = :url AND size = :size AND state = 'PENDING'""")
                .param("witnessSize", witnessSize).params(key(delivery)).update() == 1;
    }

    /** Records a failed attempt and when to try again, unless a later attempt has claimed the delivery meanwhile. */
    void failed(Delivery delivery, String error, Instant retryAt) {
        jdbc.sql("""
                UPDATE audit_witness_deliveries SET last_error = :error, next_attempt_at = :retryAt
                WHERE witness_url = :url AND size = :size AND state = 'PENDING' AND attempts = :attempt""")
                .param("error", error).param("retryAt", Timestamp.from(retryAt)).param("attempt", delivery.attempt())
                .params(key(delivery)).update();
    }

    /** Each conflict of these witnesses that the witness has not since settled by accepting a larger checkpoint. */
    List<Conflict> unsettledConflicts(List<URI> witnesses) {
        return jdbc.sql("""
                SELECT d.witness_url, d.size, d.witness_size FROM audit_witness_deliveries d
                WHERE d.state = 'CONFLICT' AND d.witness_url IN (:urls) AND NOT EXISTS (
                    SELECT 1 FROM audit_witness_deliveries n
                    WHERE n.witness_url = d.witness_url AND n.state = 'DELIVERED' AND n.size > d.size)
                ORDER BY d.witness_url, d.size""")
                .param("urls", urls(witnesses))
                .query((rs, row) -> new Conflict(URI.create(rs.getString("witness_url")), rs.getLong("size"), rs.getLong("witness_size")))
                .list();
    }

    Progress progress(URI witness) {
        String url = witness.toString();
        long pending = jdbc.sql("SELECT count(*) FROM audit_witness_deliveries WHERE witness_url = ? AND state = 'PENDING'")
                .param(url).query(Long.class).single();
        Optional<Long> delivered = jdbc.sql("SELECT max(size) FROM audit_witness_deliveries WHERE witness_url = ? AND state = 'DELIVERED'")
                .param(url).query(Long.class).optional();
        Optional<String> lastError = jdbc.sql("""
                SELECT last_error FROM audit_witness_deliveries WHERE witness_url = ? AND state = 'PENDING'
                ORDER BY size LIMIT 1""")
                .param(url).query(String.class).optional();
        return new Progress(witness, pending, delivered, lastError);
    }

    private static Map<String, Object> key(Delivery delivery) {
        return Map.of("url", delivery.witness().toString(), "size", delivery.size());
    }

    private static List<String> urls(List<URI> witnesses) {
        return witnesses.stream().map(URI::toString).toList();
    }
}

package io.cku.audit.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.cku.audit.AuditCheckpoints;
import io.cku.audit.AuditLog;
import io.cku.audit.AuditRecord;
import io.cku.audit.CanonicalEntry;
import io.cku.audit.ChainHashes;
import io.cku.audit.Checkpoint;
import io.cku.audit.CheckpointRejected;
import io.cku.audit.CheckpointVerifier;
import io.cku.audit.Verification;
import io.cku.shared.Timestamps;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chain in PostgreSQL. An append is a plain insert into the queue, in the caller's transaction; the
 * {@link AuditSequencer} links committed entries into the chain moments later, so writers never wait for the chain's head.
 */
@Repository
class JdbcAuditLog implements AuditLog {

    private static final int VERIFY_FETCH_SIZE = 1000;

    private final JdbcClient jdbc;
    private final JdbcTemplate streaming;
    private final JdbcTemplate inserts;
    private final JsonMapper json;
    private final AuditCheckpoints checkpoints;
    private final AuditSequencer sequencer;

    JdbcAuditLog(JdbcClient jdbc, DataSource dataSource, JsonMapper json, AuditCheckpoints checkpoints, AuditSequencer sequencer) {
        this.jdbc = jdbc;
        this.checkpoints = checkpoints;
        this.sequencer = sequencer;
        this.streaming = new JdbcTemplate(dataSource);
        this.inserts = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(VERIFY_FETCH_SIZE);
        this.json = json;
    }

    @Override
    public void append(AuditRecord record) {
        appendAll(List.of(record));
    }

    @Override
    public void appendAll(List<AuditRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(Timestamps.now());
        List<Object[]> rows = records.stream().map(Storable::of).map(record -> new Object[] {now, record.actor().tenant().value(),
                record.actor().qualifiedName(), record.action(), record.subject(), json.writeValueAsString(record.details())}).toList();
        inserts.batchUpdate("INSERT INTO audit_queue (at, tenant, actor, action, subject, details) VALUES (?, ?, ?, ?, ?, ?::jsonb)", rows);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    sequencer.wakeUp();
                }
            });
        } else {
            sequencer.wakeUp();
        }
    }

    @Override
    public long integrate() {
        return sequencer.integrateAll();
    }

    @Override
    @Transactional(readOnly = true)
    public Verification verify(long from, long to) {
        long first = Math.max(1, from);
        byte[] previous = first == 1 ? ChainHashes.GENESIS
                : jdbc.sql("SELECT link_hash FROM audit_entries WHERE seq = ?").param(first - 1).query(byte[].class).optional()
                        .orElse(null);
        Walk walk = new Walk(first, previous);
        streaming.query("SELECT * FROM audit_entries WHERE seq >= ? AND seq <= ? ORDER BY seq", rs -> {
            if (walk.broken == null) {
                walk.check(rs);
            }
        }, first, to);
        return walk.broken != null ? walk.broken : againstCheckpoints(first, to, walk.checked);
    }

    /**
     * The chain may be whole and still not the one that was signed: truncated at the end, or rewritten with every later
     * hash recomputed. Each signed checkpoint in the range must still match the entry at its size.
     */
    private Verification againstCheckpoints(long first, long last, long checked) {
        CheckpointVerifier verifier = new CheckpointVerifier(checkpoints.publicKey());
        long end = jdbc.sql("SELECT coalesce(max(seq), 0) FROM audit_entries").query(Long.class).single();
        long matched = first - 1;
        List<String> notes = jdbc.sql("SELECT note FROM audit_checkpoints WHERE size >= ? AND size <= ? ORDER BY size")
                .params(first, last).query(String.class).list();
        for (String note : notes) {
            Checkpoint signed;
            try {
                signed = verifier.verify(note);
            } catch (CheckpointRejected e) {
                return Verification.broken(checked, matched + 1, "a stored checkpoint does not verify: " + e.getMessage());
            }
            Optional<byte[]> link = jdbc.sql("SELECT link_hash FROM audit_entries WHERE seq = ?").param(signed.size()).query(byte[].class)
                    .optional();
            if (link.isEmpty()) {
                return Verification.broken(checked, end + 1, "the log ends at entry " + end + " but a checkpoint of size " + signed.size()
                        + " was signed: entries were removed from the end");
            }
            if (!Arrays.equals(link.get(), signed.headHash())) {
                return Verification.broken(checked, matched + 1, "entries after " + matched + " were rewritten: the checkpoint of size "
                        + signed.size() + " signed another head");
            }
            matched = signed.size();
        }
        return Verification.ok(checked);
    }

    /** One pass over the entries, stopping at the first that does not verify. */
    private final class Walk {

        private long expectedSeq;
        private byte[] previous;
        private long checked;
        private Verification broken;

        Walk(long firstSeq, byte[] previous) {
            this.expectedSeq = firstSeq;
            this.previous = previous;
        }

        void check(ResultSet rs) throws SQLException {
            long seq = rs.getLong("seq");
            checked++;
            if (previous == null) {
                broken = Verification.broken(checked, expectedSeq - 1, "entry " + (expectedSeq - 1) + " before the range is missing");
                return;
            }
            if (seq != expectedSeq) {
                broken = Verification.broken(checked, expectedSeq, "entry " + expectedSeq + " is missing (next is " + seq + ")");
                return;
            }
            byte[] stored = rs.getBytes("canonical");
            byte[] fromColumns = CanonicalEntry.bytes(seq, rs.getTimestamp("at").toInstant(), rs.getString("tenant"), rs.getString("actor"),
                    rs.getString("action"), rs.getString("subject"), json.readValue(rs.getString("details"), Object.class));
            if (!Arrays.equals(stored, fromColumns)) {
                broken = Verification.broken(checked, seq, "entry " + seq + "'s columns differ from the bytes that were hashed");
            } else if (!Arrays.equals(ChainHashes.leaf(stored), rs.getBytes("leaf_hash"))) {
                broken = Verification.broken(checked, seq, "entry " + seq + "'s leaf hash does not match its bytes");
            } else if (!Arrays.equals(previous, rs.getBytes("prev_link"))
                    || !Arrays.equals(ChainHashes.link(previous, rs.getBytes("leaf_hash"), seq), rs.getBytes("link_hash"))) {
                broken = Verification.broken(checked, seq, "entry " + seq + " does not link to entry " + (seq - 1));
            }
            previous = rs.getBytes("link_hash");
            expectedSeq = seq + 1;
        }
    }
}

package io.cku.audit.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import org.postgresql.PGStatement;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.cku.audit.AuditCheckpoints;
import io.cku.audit.AuditLog;
import io.cku.audit.AuditRecord;
import io.cku.shared.audit.CanonicalEntry;
import io.cku.shared.audit.ChainHashes;
import io.cku.shared.audit.Checkpoint;
import io.cku.shared.audit.CheckpointRejected;
import io.cku.shared.audit.CheckpointVerifier;
import io.cku.shared.audit.Verification;
import io.cku.shared.Timestamps;

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
    private final AuditCheckpoints checkpoints;
    private final AuditSequencer sequencer;

    JdbcAuditLog(JdbcClient jdbc, DataSource dataSource, AuditCheckpoints checkpoints, AuditSequencer sequencer) {
        this.jdbc = jdbc;
        this.checkpoints = checkpoints;
        this.sequencer = sequencer;
        this.streaming = new JdbcTemplate(dataSource);
        this.inserts = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(VERIFY_FETCH_SIZE);
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
        String now = Timestamps.now().toString();
        List<Object[]> rows = records.stream().map(Storable::of).map(record -> {
            CanonicalEntry.Template entry = CanonicalEntry.template(now, record.actor().tenant().value(), record.actor().qualifiedName(),
                    record.action(), record.subject(), record.details());
            return new Object[] {entry.prefix(), entry.suffix()};
        }).toList();
        inserts.batchUpdate("INSERT INTO audit_queue (prefix, suffix) VALUES (?, ?)", rows);
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

    /**
     * Walks the hashes in bounded memory over binary rows. An entry's fields are read out of its hashed bytes (the view
     * audit_entries), never stored beside them, so the hashes cover everything an entry says.
     */
    @Override
    @Transactional(readOnly = true)
    public Verification verify(long from, long to) {
        long first = Math.max(1, from);
        long head = jdbc.sql("SELECT seq FROM audit_head WHERE id = 1").query(Long.class).single();
        long last = Math.min(to, head);
        byte[] previous = first == 1 ? ChainHashes.GENESIS
                : jdbc.sql("SELECT link_hash FROM audit_chain WHERE seq = ?").param(first - 1).query(byte[].class).optional()
                        .orElse(null);
        if (first <= last && previous == null) {
            return Verification.broken(0, first - 1, "entry " + (first - 1) + " before the range is missing");
        }
        HashWalk walk = new HashWalk(first, previous);
        if (first <= last) {
            streaming.query(connection -> {
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT seq, canonical, leaf_hash, prev_link, link_hash FROM audit_chain WHERE seq >= ? AND seq <= ? ORDER BY seq");
                statement.unwrap(PGStatement.class).setPrepareThreshold(-1); // binary rows: bytea without hex
                statement.setFetchSize(VERIFY_FETCH_SIZE);
                statement.setLong(1, first);
                statement.setLong(2, last);
                return statement;
            }, (ResultSet rs) -> {
                while (walk.broken == null && rs.next()) {
                    walk.check(rs);
                }
                return null;
            });
        }
        if (walk.broken != null) {
            return walk.broken;
        }
        if (walk.expectedSeq <= last) {
            return Verification.broken(walk.checked, walk.expectedSeq, "entry " + walk.expectedSeq + " is missing (the chain's head is entry "
                    + head + ")");
        }
        return againstCheckpoints(first, to, walk.checked);
    }

    /**
     * The chain may be whole and still not the one that was signed: truncated at the end, or rewritten with every later
     * hash recomputed. Each signed checkpoint in the range must still match the entry at its size. One streamed query, so
     * any number of checkpoints takes bounded memory.
     */
    private Verification againstCheckpoints(long first, long last, long checked) {
        long end = jdbc.sql("SELECT coalesce(max(seq), 0) FROM audit_chain").query(Long.class).single();
        CheckpointWalk walk = new CheckpointWalk(new CheckpointVerifier(checkpoints.publicKey()), first - 1, checked, end);
        streaming.query("""
                SELECT c.note, a.link_hash FROM audit_checkpoints c LEFT JOIN audit_chain a ON a.seq = c.size
                WHERE c.size >= ? AND c.size <= ? ORDER BY c.size""", (ResultSet rs) -> {
            while (walk.broken == null && rs.next()) {
                walk.check(rs.getString(1), rs.getBytes(2));
            }
            return null;
        }, first, last);
        return walk.broken != null ? walk.broken : Verification.ok(checked);
    }

    /** The signed checkpoints in size order, each against the link stored at its size. */
    private static final class CheckpointWalk {

        private final CheckpointVerifier verifier;
        private final long checked;
        private final long end;
        private long matched;
        private Verification broken;

        CheckpointWalk(CheckpointVerifier verifier, long matched, long checked, long end) {
            this.verifier = verifier;
            this.matched = matched;
            this.checked = checked;
            this.end = end;
        }

        void check(String note, byte[] link) {
            Checkpoint signed;
            try {
                signed = verifier.verify(note);
            } catch (CheckpointRejected e) {
                broken = Verification.broken(checked, matched + 1, "a stored checkpoint does not verify: " + e.getMessage());
                return;
            }
            if (link == null) {
                broken = Verification.broken(checked, end + 1, "the log ends at entry " + end + " but a checkpoint of size " + signed.size()
                        + " was signed: entries were removed from the end");
            } else if (!Arrays.equals(link, signed.headHash())) {
                broken = Verification.broken(checked, matched + 1, "entries after " + matched + " were rewritten: the checkpoint of size "
                        + signed.size() + " signed another head");
            } else {
                matched = signed.size();
            }
        }
    }

    /** One pass over the hashes, stopping at the first entry that does not verify. */
    private static final class HashWalk {

        private long expectedSeq;
        private byte[] previous;
        private long checked;
        private Verification broken;

        HashWalk(long firstSeq, byte[] previous) {
            this.expectedSeq = firstSeq;
            this.previous = previous;
        }

        void check(ResultSet rs) throws SQLException {
            long seq = rs.getLong(1);
            checked++;
            if (seq != expectedSeq) {
                broken = Verification.broken(checked, expectedSeq, "entry " + expectedSeq + " is missing (next is " + seq + ")");
                return;
            }
            byte[] leaf = rs.getBytes(3);
            byte[] link = rs.getBytes(5);
            if (!Arrays.equals(ChainHashes.leaf(rs.getBytes(2)), leaf)) {
                broken = Verification.broken(checked, seq, "entry " + seq + "'s leaf hash does not match its bytes");
            } else if (!Arrays.equals(previous, rs.getBytes(4)) || !Arrays.equals(ChainHashes.link(previous, leaf, seq), link)) {
                broken = Verification.broken(checked, seq, "entry " + seq + " does not link to entry " + (seq - 1));
            }
            previous = link;
            expectedSeq = seq + 1;
        }
    }
}

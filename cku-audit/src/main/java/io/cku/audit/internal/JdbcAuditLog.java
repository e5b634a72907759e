package io.cku.audit.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
import io.cku.audit.CanonicalEntry;
import io.cku.audit.ChainHashes;
import io.cku.audit.Checkpoint;
import io.cku.audit.CheckpointRejected;
import io.cku.audit.CheckpointVerifier;
import io.cku.audit.Verification;
import io.cku.shared.Threads;
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
    private final ExecutorService columnChecks = Executors.newCachedThreadPool(Threads.factory("cku-audit-verify-"));

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

    /**
     * Two passes at once: this thread walks the hashes (seq, canonical bytes, leaf and link) in bounded memory, while
     * PostgreSQL checks on another connection that every entry's columns say what its hashed bytes say. The first entry
     * either finds wrong is the answer.
     */
    @Override
    @Transactional(readOnly = true)
    public Verification verify(long from, long to) {
        long first = Math.max(1, from);
        byte[] previous = first == 1 ? ChainHashes.GENESIS
                : jdbc.sql("SELECT link_hash FROM audit_entries WHERE seq = ?").param(first - 1).query(byte[].class).optional()
                        .orElse(null);
        if (previous == null) {
            return Verification.broken(0, first - 1, "entry " + (first - 1) + " before the range is missing");
        }
        CompletableFuture<Optional<Long>> columns = CompletableFuture.supplyAsync(() -> firstEntryWhoseColumnsDiffer(first, to),
                columnChecks);
        HashWalk walk = new HashWalk(first, previous);
        streaming.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(
                    "SELECT seq, canonical, leaf_hash, prev_link, link_hash FROM audit_entries WHERE seq >= ? AND seq <= ? ORDER BY seq");
            statement.unwrap(PGStatement.class).setPrepareThreshold(-1); // binary rows: bytea without hex
            statement.setFetchSize(VERIFY_FETCH_SIZE);
            statement.setLong(1, first);
            statement.setLong(2, to);
            return statement;
        }, (ResultSet rs) -> {
            while (walk.broken == null && rs.next()) {
                walk.check(rs);
            }
            return null;
        });
        Optional<Long> differing = columnsResult(columns, first, to);
        if (differing.isPresent() && (walk.broken == null || differing.get() <= walk.broken.firstInvalidSeq())) {
            long seq = differing.get();
            return Verification.broken(seq - first + 1, seq, "entry " + seq + "'s columns differ from the bytes that were hashed");
        }
        return walk.broken != null ? walk.broken : againstCheckpoints(first, to, walk.checked);
    }

    /** The first entry whose columns do not parse back from its canonical bytes, found by PostgreSQL. */
    private Optional<Long> firstEntryWhoseColumnsDiffer(long first, long last) {
        return jdbc.sql("""
                SELECT min(e.seq) FROM audit_entries e, LATERAL (SELECT convert_from(e.canonical, 'UTF8')::jsonb AS hashed) h
                WHERE e.seq >= ? AND e.seq <= ?
                  AND NOT (h.hashed - 'at' = jsonb_build_object('seq', e.seq, 'tenant', e.tenant, 'actor', e.actor, 'action', e.action,
                                                               'subject', e.subject, 'details', e.details)
                           AND (h.hashed ->> 'at')::timestamptz = e.at)""")
                .params(first, last).query(Long.class).optional();
    }

    /**
     * PostgreSQL's answer, or, when it could not even read an entry's bytes as JSON (they were tampered with), the same
     * comparison made here entry by entry.
     */
    private Optional<Long> columnsResult(CompletableFuture<Optional<Long>> columns, long first, long last) {
        try {
            return columns.join();
        } catch (CompletionException e) {
            long[] found = {0};
            streaming.query("SELECT * FROM audit_entries WHERE seq >= ? AND seq <= ? ORDER BY seq", (ResultSet rs) -> {
                while (found[0] == 0 && rs.next()) {
                    if (!columnsMatch(rs)) {
                        found[0] = rs.getLong("seq");
                    }
                }
                return null;
            }, first, last);
            return found[0] == 0 ? Optional.empty() : Optional.of(found[0]);
        }
    }

    private boolean columnsMatch(ResultSet rs) throws SQLException {
        byte[] fromColumns;
        try {
            fromColumns = CanonicalEntry.bytes(rs.getLong("seq"), rs.getTimestamp("at").toInstant(), rs.getString("tenant"),
                    rs.getString("actor"), rs.getString("action"), rs.getString("subject"), json.readValue(rs.getString("details"), Object.class));
        } catch (RuntimeException unreadable) {
            return false;
        }
        return Arrays.equals(rs.getBytes("canonical"), fromColumns);
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

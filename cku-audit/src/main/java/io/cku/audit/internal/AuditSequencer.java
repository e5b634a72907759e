package io.cku.audit.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.cku.audit.AuditChainGrew;
import io.cku.audit.AuditProperties;
import io.cku.shared.audit.CanonicalEntry;
import io.cku.shared.audit.ChainHashes;
import io.cku.shared.Bell;
import io.cku.shared.IdlePacing;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Links queued entries into the chain, a batch per transaction under the head's row lock, so the chain never forks however
 * many threads and instances append, and one chain transaction carries what many writers committed. Runs on its own thread,
 * woken when an append commits here and every {@code cku.audit.integrate-every} for appends made by other instances; after
 * rounds that found nothing, less and less often, up to {@value #IDLE_ROUNDS} times that (an instance integrates its own
 * appends, so this round only matters when another instance stopped before linking what it queued).
 */
@Component
class AuditSequencer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditSequencer.class);
    private static final long MAX_RETRY_PAUSE_MS = 10_000;
    private static final int IDLE_ROUNDS = 25;

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final TransactionTemplate tx;
    private final AuditProperties properties;
    private final ApplicationEventPublisher events;
    private final Timer linking;
    private final DistributionSummary linkedPerTransaction;
    private final Bell bell = new Bell();
    private final IdlePacing pacing;
    private volatile boolean running;
    private Thread thread;

    AuditSequencer(JdbcClient jdbc, DataSource dataSource, PlatformTransactionManager transactions,
            AuditProperties properties, ApplicationEventPublisher events, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.linking = Timer.builder("cku.audit.link").description("Chain transactions of this instance's audit sequencer, "
                + "from taking the head to the commit").publishPercentiles(0.5, 0.99).register(meters);
        this.linkedPerTransaction = DistributionSummary.builder("cku.audit.link.entries")
                .description("Entries linked into the chain per chain transaction").publishPercentiles(0.5, 0.99).register(meters);
        this.events = events;
        this.batch = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.properties = properties;
        this.pacing = new IdlePacing(properties.integrateEvery(), properties.integrateEvery().multipliedBy(IDLE_ROUNDS));
    }

    /** Asks the sequencer to integrate now rather than at its next round. */
    void wakeUp() {
        bell.ring();
    }

    /** Integrates every entry queued and committed so far; returns the chain's size. Each growth is announced once committed. */
    long integrateAll() {
        return integrateAll(false);
    }

    /**
     * @param queued whether entries are known to be queued (an append here rang the bell): then the queue is not looked at
     *        first, it is taken at once
     */
    private long integrateAll(boolean queued) {
        while (true) {
            Batch done = integrateBatch(queued);
            if (!done.linked().isEmpty()) {
                events.publishEvent(new AuditChainGrew(done.after(), done.size(), done.linked()));
            }
            if (done.linked().size() < properties.batchSize()) {
                return done.size();
            }
            queued = true;
        }
    }

    /**
     * One chain transaction in four round trips: takes the head and up to batch-size queued entries (two statements sent
     * together, the head's lock first), links them, inserts them (one batch), moves the head, commits. (Sending the rows as
     * arrays through {@code unnest} together with the head's move saves a round trip, but bytea arrays travel as hex text,
     * and the run benchmark did not show it cheaper.)
     */
    private Batch integrateBatch(boolean queued) {
        if (!queued) {
            Chain chain = jdbc.sql(SIZE_AND_QUEUE).query((rs, n) -> new Chain(rs.getLong("seq"), rs.getBoolean("queued"))).single();
            if (!chain.queued()) {
                return new Batch(chain.size(), chain.size(), List.of());
            }
        }
        long started = System.nanoTime();
        Batch done = tx.execute(status -> batch.execute((ConnectionCallback<Batch>) connection -> {
            Head head;
            List<CanonicalEntry.Template> taken = new ArrayList<>();
            try (PreparedStatement take = connection.prepareStatement(TAKE)) {
                take.setInt(1, properties.batchSize());
                take.execute();
                try (ResultSet rs = take.getResultSet()) {
                    rs.next();
                    head = new Head(rs.getLong(1), rs.getBytes(2));
                }
                take.getMoreResults();
                try (ResultSet rs = take.getResultSet()) {
                    while (rs.next()) {
                        taken.add(new CanonicalEntry.Template(rs.getBytes(1), rs.getBytes(2)));
                    }
                }
            }
            if (taken.isEmpty()) {
                return new Batch(head.seq(), head.seq(), List.of());
            }
            List<AuditChainGrew.Linked> linked = link(head, taken);
            AuditChainGrew.Linked last = linked.get(linked.size() - 1);
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (AuditChainGrew.Linked entry : linked) { // one round trip for the batch, the bytes sent as they are
                    insert.setLong(1, entry.seq());
                    insert.setBytes(2, entry.canonical());
                    insert.setBytes(3, entry.leafHash());
                    insert.setBytes(4, entry.prevLink());
                    insert.setBytes(5, entry.linkHash());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (PreparedStatement move = connection.prepareStatement(MOVE_HEAD)) {
                move.setLong(1, last.seq());
                move.setBytes(2, last.linkHash());
                move.executeUpdate();
            }
            return new Batch(head.seq(), last.seq(), linked);
        }));
        linking.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        linkedPerTransaction.record(done.linked().size());
        return done;
    }

    /**
     * The chain's size, and whether anything is queued, in one statement (one commit when idle). The queue is looked at by its
     * primary key: it is emptied from its head, so between two vacuums its first pages hold only deleted rows, and
     * {@code EXISTS (SELECT 1 FROM audit_queue)} scanned all of them (about 1,000 pages under the run benchmark).
     */
    private static final String SIZE_AND_QUEUE = """
            SELECT seq, EXISTS (SELECT 1 FROM (SELECT id FROM audit_queue ORDER BY id LIMIT 1) AS first) AS queued
            FROM audit_head WHERE id = 1""";

    private record Chain(long size, boolean queued) {
    }

    /** Head and queue, the head's row locked first so that sequencers of several instances take turns, never deadlock. */
    private static final String TAKE = """
            SELECT seq, link_hash FROM audit_head WHERE id = 1 FOR UPDATE;
            WITH taken AS (
                DELETE FROM audit_queue WHERE id IN (SELECT id FROM audit_queue ORDER BY id LIMIT ?)
                RETURNING id, prefix, suffix)
            SELECT prefix, suffix FROM taken ORDER BY id""";

    private static final String INSERT = "INSERT INTO audit_chain (seq, canonical, leaf_hash, prev_link, link_hash) VALUES (?, ?, ?, ?, ?)";

    private static final String MOVE_HEAD = "UPDATE audit_head SET seq = ?, link_hash = ? WHERE id = 1";

    /** The queued entries after the head, each hashed with its seq and linked to the one before. */
    private static List<AuditChainGrew.Linked> link(Head head, List<CanonicalEntry.Template> queued) {
        List<AuditChainGrew.Linked> linked = new ArrayList<>(queued.size());
        long seq = head.seq();
        byte[] previous = head.link();
        for (CanonicalEntry.Template entry : queued) {
            seq++;
            byte[] canonical = entry.bytes(seq);
            byte[] leaf = ChainHashes.leaf(canonical);
            byte[] link = ChainHashes.link(previous, leaf, seq);
            linked.add(new AuditChainGrew.Linked(seq, canonical, leaf, previous, link));
            previous = link;
        }
        return linked;
    }

    /**
     * Integrates, then waits to be woken; once woken it lingers a moment so that the appends committing meanwhile join one
     * chain transaction instead of one each (group commit).
     */
    private void run() {
        int failures = 0;
        boolean woken = false;
        long size = -1;
        while (running) {
            try {
                long before = size;
                size = integrateAll(woken);
                if (woken || size != before) {
                    pacing.foundWork();
                } else {
                    pacing.foundNothing();
                }
                failures = 0;
            } catch (RuntimeException e) {
                failures++;
                if (failures == 1 || Integer.bitCount(failures) == 1) { // the 1st, 2nd, 4th, 8th… failure in a row
                    log.warn("could not link queued audit entries into the chain ({} failures in a row); retrying", failures, e);
                }
                pause(Math.min(MAX_RETRY_PAUSE_MS, properties.integrateEvery().toMillis() << Math.min(failures, 10)));
                continue;
            }
            woken = awaitBell();
            if (woken) {
                pause(properties.linger().toMillis());
            }
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Waits for the bell or the next round; whether the bell rang. */
    private boolean awaitBell() {
        try {
            return bell.await(pacing.next());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return false;
        }
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "cku-audit-sequencer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops after the web server and the workers (a lower phase stops later), integrating what they appended last. */
    @Override
    public void stop() {
        running = false;
        wakeUp();
        try {
            thread.join(10_000);
            integrateAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("queued audit entries left for the next start to integrate", e);
        }
    }

    @Override
    public int getPhase() {
        return 0;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private record Head(long seq, byte[] link) {
    }

    private record Batch(long after, long size, List<AuditChainGrew.Linked> linked) {
    }
}

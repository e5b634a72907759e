package io.cku.audit.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.cku.audit.AuditLog;
import io.cku.audit.AuditProperties;
import io.cku.audit.ChainCheck;
import io.cku.audit.ChainHealth;
import io.cku.shared.audit.Verification;
import io.cku.shared.Timestamps;

/**
 * Verifies the newest {@code cku.audit.monitor.newest} entries every {@code cku.audit.monitor.interval}: the entries most
 * likely to be tampered with are the recent ones, and the whole chain stays verifiable on demand through GET /audit/verify.
 * Once a check finds the chain broken, later checks start at the broken entry, so the finding does not scroll out of the
 * window as new entries arrive: it stays until the chain verifies from there again. A check that cannot run at all counts
 * as unhealthy too, and so does an entry that waits too long to be linked into the chain.
 */
@Component
class ChainMonitor implements ChainHealth {

    private static final Logger log = LoggerFactory.getLogger(ChainMonitor.class);

    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final AuditProperties.Monitor settings;
    private final AtomicReference<ChainCheck> latest = new AtomicReference<>();

    ChainMonitor(AuditLog audit, JdbcClient jdbc, AuditProperties properties) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.settings = properties.monitor();
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${cku.audit.monitor.interval:30s}")
    void check() {
        checkNow();
    }

    @Override
    public ChainCheck latest() {
        ChainCheck check = latest.get();
        return check != null ? check : checkNow();
    }

    @Override
    public ChainCheck checkNow() {
        ChainCheck before = latest.get();
        ChainCheck check;
        try {
            check = check(before);
        } catch (RuntimeException e) {
            log.warn("could not verify the audit chain", e);
            check = new ChainCheck(0, 0, new Verification(false, 0, null, "could not verify the audit chain: " + e.getMessage()), 0,
                    Duration.ZERO, false, Timestamps.now());
        }
        latest.set(check);
        if (!check.healthy() && (before == null || before.healthy())) {
            log.error("{}", check.summary());
        } else if (check.healthy() && before != null && !before.healthy()) {
            log.warn("audit chain healthy again: {}", check.summary());
        }
        return check;
    }

    private ChainCheck check(ChainCheck before) {
        long size = jdbc.sql("SELECT seq FROM audit_head WHERE id = 1").query(Long.class).single();
        long from = Math.max(1, size - settings.newest() + 1);
        if (before != null && before.verification().firstInvalidSeq() != null) {
            from = Math.max(1, Math.min(from, before.verification().firstInvalidSeq()));
        }
        Verification verification = size == 0 ? Verification.ok(0) : audit.verify(from, size);
        Queue queue = jdbc.sql("SELECT count(*), coalesce(extract(epoch FROM now() - min(queued_at)), 0) FROM audit_queue")
                .query((rs, n) -> new Queue(rs.getLong(1), Duration.ofMillis((long) (rs.getDouble(2) * 1000)))).single();
        return new ChainCheck(from, size, verification, queue.count(), queue.oldest(), queue.oldest().compareTo(settings.maxQueueAge()) > 0,
                Timestamps.now());
    }

    private record Queue(long count, Duration oldest) {
    }
}

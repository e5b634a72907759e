package io.cku.audit.internal;

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
import io.cku.audit.Verification;
import io.cku.shared.Timestamps;

/**
 * Verifies the newest {@code cku.audit.monitor.newest} entries every {@code cku.audit.monitor.interval}: the entries most
 * likely to be tampered with are the recent ones, and the whole chain stays verifiable on demand through GET /audit/verify.
 */
@Component
class ChainMonitor implements ChainHealth {

    private static final Logger log = LoggerFactory.getLogger(ChainMonitor.class);

    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final AuditProperties properties;
    private final AtomicReference<ChainCheck> latest = new AtomicReference<>();

    ChainMonitor(AuditLog audit, JdbcClient jdbc, AuditProperties properties) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${cku.audit.monitor.interval:30s}")
    void check() {
        try {
            checkNow();
        } catch (RuntimeException e) {
            log.warn("could not verify the audit chain", e);
        }
    }

    @Override
    public ChainCheck latest() {
        ChainCheck check = latest.get();
        return check != null ? check : checkNow();
    }

    @Override
    public ChainCheck checkNow() {
        long size = jdbc.sql("SELECT seq FROM audit_head WHERE id = 1").query(Long.class).single();
        long from = Math.max(1, size - properties.monitor().newest() + 1);
        Verification verification = size == 0 ? Verification.ok(0) : audit.verify(from, size);
        ChainCheck check = new ChainCheck(from, size, verification, Timestamps.now());
        ChainCheck before = latest.getAndSet(check);
        if (!check.healthy() && (before == null || before.healthy())) {
            log.error("{}", check.summary());
        } else if (check.healthy() && before != null && !before.healthy()) {
            log.warn("audit chain verifies again: {}", check.summary());
        }
        return check;
    }
}

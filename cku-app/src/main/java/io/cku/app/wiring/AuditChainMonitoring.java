package io.cku.app.wiring;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.cku.audit.ChainCheck;
import io.cku.audit.ChainHealth;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The background verification of the audit chain as the health component {@code auditChain} (DOWN while the newest entries
 * do not verify) and as metrics: {@code cku.audit.chain.valid} (1 or 0), {@code cku.audit.chain.size} (entries when last
 * checked), {@code cku.audit.chain.checked} (entries the last check verified), {@code cku.audit.queue.depth} (entries
 * committed but not yet linked into the chain).
 */
@Component("auditChain")
class AuditChainMonitoring implements HealthIndicator, MeterBinder {

    private final ChainHealth chain;
    private final JdbcClient jdbc;

    AuditChainMonitoring(ChainHealth chain, JdbcClient jdbc) {
        this.chain = chain;
        this.jdbc = jdbc;
    }

    @Override
    public Health health() {
        ChainCheck check = chain.latest();
        Health.Builder health = check.healthy() ? Health.up() : Health.down();
        health.withDetail("from", check.from()).withDetail("to", check.to()).withDetail("checkedAt", check.at().toString());
        if (!check.healthy()) {
            health.withDetail("firstInvalidSeq", check.verification().firstInvalidSeq()).withDetail("reason", check.verification().reason());
        }
        return health.build();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("cku.audit.chain.valid", chain, health -> health.latest().healthy() ? 1 : 0)
                .description("1 while the newest audit entries verify, 0 when the last background check found the chain broken")
                .register(registry);
        Gauge.builder("cku.audit.chain.size", chain, health -> health.latest().to())
                .description("audit entries in the chain at the last background check").register(registry);
        Gauge.builder("cku.audit.chain.checked", chain, health -> health.latest().verification().checked())
                .description("audit entries the last background check verified").register(registry);
        Gauge.builder("cku.audit.queue.depth", jdbc, db -> db.sql("SELECT count(*) FROM audit_queue").query(Long.class).single())
                .description("audit entries committed but not yet linked into the chain").register(registry);
    }
}

package io.cku.audit.internal;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.cku.audit.ChainHealth;
import io.cku.audit.WitnessSawLargerCheckpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The audit chain as of its latest background check: {@code cku.audit.chain.valid} (1 or 0), {@code cku.audit.chain.size},
 * {@code cku.audit.chain.checked}, {@code cku.audit.queue.depth} and {@code cku.audit.queue.oldest.seconds} (entries
 * committed but not yet linked into the chain, and how long the oldest has waited); and the counter
 * {@code cku.audit.witness.conflicts} (witnesses that said they saw a larger checkpoint).
 */
@Component
class AuditMetrics implements MeterBinder {

    private final ChainHealth chain;
    private volatile Counter witnessConflicts;

    AuditMetrics(ChainHealth chain) {
        this.chain = chain;
    }

    @EventListener
    void on(WitnessSawLargerCheckpoint conflict) {
        Counter counter = witnessConflicts;
        if (counter != null) {
            counter.increment();
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        witnessConflicts = Counter.builder("cku.audit.witness.conflicts")
                .description("answers of witnesses that had seen a larger checkpoint of this log").register(registry);
        Gauge.builder("cku.audit.chain.valid", chain, health -> health.latest().healthy() ? 1 : 0)
                .description("1 while the latest background check found the audit chain healthy, else 0").register(registry);
        Gauge.builder("cku.audit.chain.size", chain, health -> health.latest().to())
                .description("audit entries in the chain at the latest background check").register(registry);
        Gauge.builder("cku.audit.chain.checked", chain, health -> health.latest().verification().checked())
                .description("audit entries the latest background check verified").register(registry);
        Gauge.builder("cku.audit.queue.depth", chain, health -> health.latest().queued())
                .description("audit entries committed but not yet linked into the chain, at the latest check").register(registry);
        Gauge.builder("cku.audit.queue.oldest.seconds", chain, health -> health.latest().oldestQueued().toMillis() / 1000.0)
                .description("how long the oldest queued audit entry had waited, at the latest check").register(registry);
    }
}

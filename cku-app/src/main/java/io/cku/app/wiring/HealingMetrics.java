package io.cku.app.wiring;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import io.cku.orchestrator.HealingAction;
import io.cku.orchestrator.RunChanged;
import io.micrometer.core.instrument.MeterRegistry;

/** Counts healing actions once they are stored: {@code cku.healing.actions{action}} (retries, rollbacks, decisions …). */
@Component
class HealingMetrics {

    private final MeterRegistry registry;

    HealingMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(RunChanged event) {
        int before = event.before() == null ? 0 : event.before().healing().size();
        int after = event.after().healing().size();
        for (HealingAction action : event.after().healing().subList(Math.min(before, after), after)) {
            registry.counter("cku.healing.actions", "action", action.action()).increment();
        }
    }
}

package io.cku.app.wiring;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import io.cku.orchestrator.RunChanged;
import io.cku.orchestrator.RunEvent;
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
        event.events().stream().filter(RunEvent.HealingActed.class::isInstance).map(RunEvent.HealingActed.class::cast)
                .forEach(acted -> registry.counter("cku.healing.actions", "action", acted.action().action()).increment());
    }
}

package io.cku.audit.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.cku.audit.AuditProperties;
import io.cku.audit.internal.WitnessDeliveries.Conflict;
import io.cku.audit.internal.WitnessDeliveries.Progress;

/**
 * Health {@code auditWitness}: DOWN while a witness has seen a larger checkpoint than one this log sent it, until that
 * witness accepts a checkpoint larger than the refused one; UP otherwise, with each witness's progress. A witness that is
 * merely unreachable does not turn it down. Computed every {@code cku.audit.witness.check-interval}, not per request,
 * since the health endpoint is open and not rate-limited.
 */
@Component
class AuditWitnessHealthIndicator implements HealthIndicator {

    private final WitnessDeliveries deliveries;
    private final List<URI> witnesses;
    private volatile Health current;

    AuditWitnessHealthIndicator(WitnessDeliveries deliveries, AuditProperties properties) {
        this.deliveries = deliveries;
        this.witnesses = properties.witness().urls();
    }

    @Override
    public Health health() {
        Health health = current;
        if (health == null) {
            refresh();
            health = current;
        }
        return health;
    }

    @Scheduled(fixedDelayString = "${cku.audit.witness.check-interval:1s}")
    void refresh() {
        if (witnesses.isEmpty()) {
            current = Health.up().withDetail("witnesses", List.of()).build();
            return;
        }

        List<Conflict> conflicts = deliveries.unsettledConflicts(witnesses);
        current = conflicts.isEmpty()
                ? Health.up().withDetail("witnesses", witnesses.stream().map(w -> details(deliveries.progress(w))).toList()).build()
                : Health.down().withDetail("reason", "a witness has seen a larger checkpoint than this log sent it")
                        .withDetail("conflicts", conflicts.stream().map(AuditWitnessHealthIndicator::details).toList()).build();
    }

    private static Map<String, Object> details(Conflict conflict) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("witness", conflict.witness().toString());
        details.put("checkpointSize", conflict.checkpointSize());
        details.put("witnessSize", conflict.witnessSize());
        return details;
    }

    private static Map<String, Object> details(Progress progress) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("witness", progress.witness().toString());
        details.put("pending", progress.pending());
        progress.deliveredSize().ifPresent(size -> details.put("deliveredSize", size));
        progress.lastError().ifPresent(error -> details.put("lastError", error));
        return details;
    }
}

package io.cku.app.events;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.cku.audit.AuditRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts the events this instance records ({@code cku_events_published_total{type}}) where they are made, once their
 * transaction commits: whether anybody streams them or not, and without reading them back.
 */
@Component
public final class EventsPublished {

    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    EventsPublished(MeterRegistry meters) {
        this.meters = meters;
    }

    /** These records are being appended to the audit chain; those that are events count when the transaction commits. */
    public void recorded(List<AuditRecord> records) {
        List<Counter> events = records.stream().map(this::counter).filter(Objects::nonNull).toList();
        if (events.isEmpty()) {
            return;
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            events.forEach(Counter::increment);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                events.forEach(Counter::increment);
            }
        });
    }

    private Counter counter(AuditRecord record) {
        String type = EventTypes.type(record.action(), name -> String.valueOf(record.details().getOrDefault(name, "")));
        return type == null ? null : counters.computeIfAbsent(type, name -> Counter.builder("cku.events.published").tag("type", name)
                .description("Events this instance recorded (committed), by type").register(meters));
    }
}

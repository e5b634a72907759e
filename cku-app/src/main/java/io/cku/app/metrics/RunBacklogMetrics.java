package io.cku.app.metrics;

import java.time.Duration;
import java.time.Instant;

import org.springframework.stereotype.Component;

import io.cku.orchestrator.RunBacklog;
import io.cku.orchestrator.RunStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The backlog of every instance, from the database: {@code cku.runs.active{status}} (runs that have not ended) and
 * {@code cku.queue.oldest.pending.seconds} (how long the run a worker should claim next has waited). Read when scraped,
 * at most once per {@link #MAX_AGE}: a scrape every second does not query every second, and nothing is read while no one
 * scrapes.
 */
@Component
class RunBacklogMetrics implements MeterBinder {

    static final Duration MAX_AGE = Duration.ofSeconds(5);

    private final RunBacklog backlog;
    private volatile Reading latest;

    RunBacklogMetrics(RunBacklog backlog) {
        this.backlog = backlog;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (RunStatus status : RunStatus.values()) {
            if (!status.isTerminal()) {
                Gauge.builder("cku.runs.active", this, metrics -> metrics.snapshot().unfinished().get(status))
                        .description("runs of every tenant that have not ended, by status").tag("status", status.name()).register(registry);
            }
        }
        Gauge.builder("cku.queue.oldest.pending.seconds", this, metrics -> metrics.snapshot().oldestWaiting().toMillis() / 1000.0)
                .description("how long the oldest claimable run (pending, or a retry due) has waited for a worker").register(registry);
    }

    /** The latest reading, read again when it is older than {@link #MAX_AGE}; concurrent scrapes read once. */
    private RunBacklog.Snapshot snapshot() {
        Reading reading = latest;
        Instant now = Instant.now();
        if (reading != null && reading.at().plus(MAX_AGE).isAfter(now)) {
            return reading.snapshot();
        }
        synchronized (this) {
            reading = latest;
            if (reading == null || !reading.at().plus(MAX_AGE).isAfter(now)) {
                reading = new Reading(now, backlog.snapshot());
                latest = reading;
            }
            return reading.snapshot();
        }
    }

    private record Reading(Instant at, RunBacklog.Snapshot snapshot) {
    }
}

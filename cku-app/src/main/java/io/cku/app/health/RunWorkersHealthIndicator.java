package io.cku.app.health;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import io.cku.orchestrator.WorkerPool;

/**
 * Health component {@code runWorkers}: UP while this instance's workers claim runs. They start after the context is
 * refreshed and stop first on a shutdown, so an instance that accepts runs but would never execute them is not ready.
 */
@Component
class RunWorkersHealthIndicator implements HealthIndicator {

    private final WorkerPool workers;

    RunWorkersHealthIndicator(WorkerPool workers) {
        this.workers = workers;
    }

    @Override
    public Health health() {
        return (workers.running() ? Health.up() : Health.down()).withDetail("workers", workers.size()).build();
    }
}

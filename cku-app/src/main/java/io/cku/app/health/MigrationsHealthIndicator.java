package io.cku.app.health;

import java.util.Arrays;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfoService;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code migrations}: UP when the database holds every migration this build ships and none failed. A
 * success is kept (a migration applied stays applied), so the open health endpoint reads the schema history once, not per
 * probe; a failure is asked again at the next probe.
 */
@Component
class MigrationsHealthIndicator implements HealthIndicator {

    private final Flyway flyway;
    private volatile boolean applied;

    MigrationsHealthIndicator(Flyway flyway) {
        this.flyway = flyway;
    }

    @Override
    public Health health() {
        if (applied) {
            return Health.up().build();
        }
        MigrationInfoService info = flyway.info();
        int pending = info.pending().length;
        long failed = Arrays.stream(info.all()).filter(migration -> migration.getState().isFailed()).count();
        if (pending > 0 || failed > 0) {
            return Health.down().withDetail("pending", pending).withDetail("failed", failed).build();
        }
        applied = true;
        return Health.up().build();
    }
}

package io.cku.app.wiring;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.cku.orchestrator.RunManagement;

/**
 * Ends REJECTED, as actor {@code system}, every run whose approval wait passed its deadline. Checks every
 * {@code cku.governance.deadline-check-interval} (1 s); the clock is a bean so tests can move time.
 */
@Component
public class ApprovalDeadlines {

    private static final Logger log = LoggerFactory.getLogger(ApprovalDeadlines.class);

    private final RunManagement runs;
    private final Clock clock;

    ApprovalDeadlines(RunManagement runs, ObjectProvider<Clock> clock) {
        this.runs = runs;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @Scheduled(fixedDelayString = "${cku.governance.deadline-check-interval:1s}")
    void expireDue() {
        expireDue(clock.instant());
    }

    /** Rejects the runs whose deadline is before {@code now}; returns how many. */
    public int expireDue(Instant now) {
        int expired = runs.expireApprovals(now);
        if (expired > 0) {
            log.info("{} run(s) rejected by system: approval deadline passed", expired);
        }
        return expired;
    }
}

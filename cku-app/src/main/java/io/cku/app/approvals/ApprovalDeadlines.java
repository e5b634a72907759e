package io.cku.app.approvals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import io.cku.governance.ApprovalEvent.ApprovalEscalated;
import io.cku.governance.ApprovalEvent.ApprovalExpired;
import io.cku.governance.GateManager;
import io.cku.orchestrator.GateResult;
import io.cku.orchestrator.Run;
import io.cku.orchestrator.RunChanged;
import io.cku.orchestrator.RunManagement;
import io.cku.orchestrator.RunStatus;
import io.cku.shared.Actor;

/**
 * Acts, as actor {@code system}, on every pause that outlived its deadline: escalates it once where the mode configures
 * {@code approval-escalation}, otherwise ends the run REJECTED; a checkpoint step past its deadline fails
 * ({@code approval-expired}) and the healing plan applies. Checks every {@code cku.governance.deadline-check-interval}
 * (1 s) whether a deadline has come; the clock is a bean so tests can move time.
 */
@Component
public class ApprovalDeadlines {

    private static final Logger log = LoggerFactory.getLogger(ApprovalDeadlines.class);
    private static final Duration IDLE_LOOK = Duration.ofSeconds(30);

    private final RunManagement runs;
    private final GateManager gates;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private volatile Instant nextLook = Instant.MIN;

    ApprovalDeadlines(RunManagement runs, GateManager gates, ApplicationEventPublisher events, ObjectProvider<Clock> clock) {
        this.runs = runs;
        this.gates = gates;
        this.events = events;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /**
     * A run paused for approval here: the next check reads the deadlines again (its own may be the earliest). Once
     * committed, so that the check sees it.
     */
    @TransactionalEventListener(fallbackExecution = true)
    void on(RunChanged change) {
        if (change.after().status() == RunStatus.AWAITING_APPROVAL) {
            nextLook = Instant.MIN;
        }
    }

    /**
     * Looks only when the earliest deadline it last read has come, when a run paused here since, or after
     * {@link #IDLE_LOOK} (pauses of other instances, whose own checks expire them, unless they stopped): an instance
     * with nothing waiting queried every second before.
     */
    @Scheduled(fixedDelayString = "${cku.governance.deadline-check-interval:1s}")
    void expireDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextLook)) {
            return;
        }
        nextLook = Instant.MAX; // a pause from now on sets it back, and is seen by the next check
        expireDue(now);
        Instant idle = now.plus(IDLE_LOOK);
        Instant next = runs.nextApprovalDeadline().filter(deadline -> deadline.isBefore(idle)).orElse(idle);
        if (nextLook == Instant.MAX) {
            nextLook = next;
        }
    }

    /** Escalates or rejects the pauses whose deadline is before {@code now}; returns how many runs changed. */
    public int expireDue(Instant now) {
        List<Run> changed = runs.expireApprovals(now, run -> escalation(run, now), run -> published(run, now));
        if (!changed.isEmpty()) {
            log.info("{} waiting run(s) escalated or rejected by system: approval deadline passed", changed.size());
        }
        return changed.size();
    }

    /** Inside the transaction that stores the change, so its audit entry commits with it. */
    private void published(Run run, Instant now) {
        GateResult gate = run.gates().get(run.gates().size() - 1);
        if (run.status() == RunStatus.REJECTED) {
            events.publishEvent(new ApprovalExpired(run.id().value(), Actor.system(run.tenant()), gate.gate(), now));
        } else {
            events.publishEvent(new ApprovalEscalated(run.id().value(), Actor.system(run.tenant()), gate.gate(), gate.deadline(), now));
        }
    }

    private Optional<Instant> escalation(Run run, Instant now) {
        Duration grace = gates.policy(run.mode()).approvalEscalation();
        return grace.isZero() ? Optional.empty() : Optional.of(now.plus(grace));
    }
}

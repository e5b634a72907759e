package io.cku.orchestrator.internal;

import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.cku.orchestrator.Attempt;
import io.cku.orchestrator.Compensation;
import io.cku.orchestrator.Decision;
import io.cku.orchestrator.Healing;
import io.cku.orchestrator.Run;
import io.cku.orchestrator.RunStatus;
import io.cku.orchestrator.Step;
import io.cku.orchestrator.StepHealing;
import io.cku.orchestrator.StepSkills;
import io.cku.orchestrator.StepStatus;
import io.cku.shared.FailureClass;
import io.cku.shared.Timestamps;

/**
 * What becomes of a step found in flight ({@code RUNNING} or {@code COMPENSATING}) when its run is claimed: its worker
 * stopped or crashed before the work ended, so the work runs again only when that is safe, else a person decides.
 */
@Component
class InFlightRecovery {

    private static final Logger log = LoggerFactory.getLogger(InFlightRecovery.class);

    private final StepSkills skills;
    private final StepHealing healing;

    InFlightRecovery(StepSkills skills, StepHealing healing) {
        this.skills = skills;
        this.healing = healing;
    }

    /** A run claimed with a step in flight lost its worker: re-run the step only if that is safe. */
    Run recover(Run run) {
        Optional<Step> undoing = run.rollingBack() ? run.nextToCompensate().filter(s -> s.status() == StepStatus.COMPENSATING)
                : Optional.empty();
        if (undoing.isPresent()) {
            return undoAgainOrAsk(run, undoing.get());
        }
        Optional<Step> current = run.currentStep();
        if (run.status() != RunStatus.RUNNING || current.isEmpty() || current.get().status() != StepStatus.RUNNING) {
            return run;
        }
        return runAgainOrAsk(run, current.get());
    }

    /** Whether the work in flight for this step (the step itself, or undoing it) may run again after a crash. */
    boolean safeToRepeat(Step step) {
        if (step.status() == StepStatus.COMPENSATING) {
            Compensation compensation = step.compensation();
            return compensation.byItself() || skills.idempotent(compensation.skill(), compensation.params());
        }
        return skills.idempotent(step.skill(), step.params());
    }

    private Run undoAgainOrAsk(Run run, Step step) {
        if (safeToRepeat(step)) {
            log.info("resuming run {}: undoing step '{}' again", run.id(), step.name());
            return run;
        }
        return run.awaitDecision("undoing step '" + step.name() + "' (skill " + step.compensation().skill() + ") was in flight when"
                + " its worker stopped; it is not idempotent, so it is not run again without a decision", Decision.RETRY, Timestamps.now());
    }

    private Run runAgainOrAsk(Run run, Step step) {
        if (safeToRepeat(step)) {
            // the cut attempt counts like a transient failure: retried within the step's budget, after its backoff
            Instant now = Timestamps.now();
            Attempt cut = step.failedAttempt(FailureClass.TRANSIENT, "worker-stopped", "its worker stopped before the attempt ended", now);
            Healing plan = healing.afterFailure(run, step, cut, true, null, now);
            log.info("resuming run {}: step '{}' was in flight when its worker stopped: {}", run.id(), step.name(), plan.reason());
            return run.stepFailed(step.name(), cut, plan, now);
        }
        return run.awaitDecision("step '" + step.name() + "' (skill " + step.skill() + ") was in flight when its worker stopped;"
                + " it is not idempotent, so it is not run again without a decision",
                run.anythingToUndo() ? Decision.ROLLBACK : Decision.ABORT, Timestamps.now());
    }
}

package io.cku.orchestrator.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.cku.orchestrator.Attempt;
import io.cku.orchestrator.GateResult;
import io.cku.orchestrator.Healing;
import io.cku.orchestrator.Run;
import io.cku.orchestrator.RunGates;
import io.cku.orchestrator.RunStatus;
import io.cku.orchestrator.Step;
import io.cku.orchestrator.StepHealing;
import io.cku.orchestrator.StepSkills;
import io.cku.orchestrator.StepSkills.StepResult;
import io.cku.orchestrator.StepStatus;
import io.cku.shared.FailureClass;
import io.cku.shared.Timestamps;

/**
 * The advance of one run by the worker holding its lease: gating, executing its current step or undoing the next one,
 * each change saved before the work it announces, and only while the stored run is still the one the worker holds.
 * {@code owner} is the lease holder (this instance); {@code running} is false once the workers are stopping.
 */
@Component
class RunAdvance {

    private static final Logger log = LoggerFactory.getLogger(RunAdvance.class);

    private final RunRows store;
    private final RunLeases leases;
    private final RunGates gates;
    private final StepSkills skills;
    private final StepHealing healing;
    private final StepExecution execution;
    private final Cancellations cancellations;
    private final InFlightRecovery recovery;
    private final TransactionTemplate tx;

    RunAdvance(RunRows store, RunLeases leases, RunGates gates, StepSkills skills, StepHealing healing, StepExecution execution,
            Cancellations cancellations, InFlightRecovery recovery, TransactionTemplate tx) {
        this.store = store;
        this.leases = leases;
        this.gates = gates;
        this.skills = skills;
        this.healing = healing;
        this.execution = execution;
        this.cancellations = cancellations;
        this.recovery = recovery;
        this.tx = tx;
    }

    /** Takes a run just claimed, in the claim's transaction, as far as the next step to execute, and saves it. */
    Run claimed(Run claimed, String owner) {
        Run next = advance(recovery.recover(claimed), true);
        if (!store.saveIfCurrent(claimed, next, owner, mustFlush(next))) {
            throw new IllegalStateException("run " + claimed.id() + " changed while its claim was held");
        }
        return next.saved();
    }

    /**
     * Executes an attempt of the current step, unless the circuit of its skill and target is open (then the attempt fails
     * fast), and stores how it ended: on failure, with what the healing engine decided comes next.
     */
    Run executeCurrentStep(Run run, String owner, BooleanSupplier running) {
        Step step = run.currentStep().orElseThrow();
        String target = skills.target(step.skill(), step.params());
        Optional<Instant> open = circuitOpenUntil(run, step, target);
        StepResult result = open.isPresent()
                ? StepResult.failed("circuit-open", FailureClass.TRANSIENT, "not attempted: the circuit of " + step.skill() + " "
                        + target + " is open until " + open.get() + " after repeated transient failures")
                : execution.execute(run, step, cancellations.open(run.id()));
        if (!running.getAsBoolean() && !result.succeeded()) {
            return null; // stopped by shutdown: leave the step to be resumed, not failed
        }
        Instant now = Timestamps.now();
        if (result.succeeded()) {
            String output = execution.boundedOutput(result.output());
            recordCircuit(run, step, target, null, null, now);
            return transition(run, owner, current -> advance(current.stepSucceeded(step.name(), output, now), false));
        }
        FailureClass classification = healing.classify(step.skill(), result.errorType(), result.failureClass());
        if (open.isEmpty()) {
            recordCircuit(run, step, target, classification, result.errorType(), now);
        }
        Attempt attempt = step.failedAttempt(classification, result.errorType(), execution.boundedError(result.error()), now);
        Healing plan = healing.afterFailure(run, step, attempt, skills.idempotent(step.skill(), step.params()), open.orElse(null), now);
        return transition(run, owner, current -> advance(current.stepFailed(step.name(), attempt, plan, now), false));
    }

    /** Undoes the next completed step while the run rolls back, or ends the rollback when nothing is left to undo. */
    Run compensateNext(Run run, String owner, BooleanSupplier running) {
        Optional<Step> next = run.nextToCompensate();
        if (next.isEmpty()) {
            return transition(run, owner, current -> current.rollbackFinished(Timestamps.now()));
        }
        Step step = next.get();
        Run undoing = step.status() == StepStatus.COMPENSATING ? run
                : transition(run, owner, current -> current.compensationStarted(step.name(), Timestamps.now()));
        if (undoing == null) {
            return null;
        }
        StepResult result = execution.compensate(undoing, step, cancellations.open(run.id()));
        if (!running.getAsBoolean() && !result.succeeded()) {
            return null;
        }
        String done = result.succeeded() ? "undone: " + execution.boundedOutput(result.output()) : null;
        String error = result.succeeded() ? null : execution.boundedError(result.error());
        return transition(undoing, owner, current -> result.succeeded()
                ? current.compensated(step.name(), done, Timestamps.now())
                : current.compensationFailed(step.name(), error, Timestamps.now()));
    }

    /** A circuit that cannot be read is taken as closed: the attempt goes to the target, as it would without circuits. */
    private Optional<Instant> circuitOpenUntil(Run run, Step step, String target) {
        try {
            return healing.circuitOpenUntil(run.tenant(), step.skill(), target, Timestamps.now());
        } catch (RuntimeException e) {
            log.warn("could not read the circuit of {} {}; attempting anyway", step.skill(), target, e);
            return Optional.empty();
        }
    }

    private void recordCircuit(Run run, Step step, String target, FailureClass failure, String errorType, Instant now) {
        try {
            healing.attemptEnded(run.tenant(), step.skill(), target, failure, errorType, now);
        } catch (RuntimeException e) {
            log.warn("could not count an attempt of {} against its circuit", step.skill(), e);
        }
    }

    /**
     * Applies a change to this worker's copy of the run and saves it, unless the stored run changed meanwhile
     * (cancelled, or the lease lapsed and another worker took it); null when the worker must let go of the run.
     */
    private Run transition(Run before, String owner, UnaryOperator<Run> change) {
        return tx.execute(status -> {
            Run after = change.apply(before);
            if (!store.saveIfCurrent(before, after, owner, mustFlush(after))) {
                log.info("run {} changed under its worker (cancelled, or its lease was taken); letting go", before.id());
                leases.releaseLease(before.id(), owner);
                return null;
            }
            return after.saved();
        });
    }

    /**
     * Only a transition that starts a step which must not run twice waits for the disk flush; losing any other
     * to a crash of the database host would only repeat work that is safe to repeat.
     */
    private boolean mustFlush(Run run) {
        return run.steps().stream()
                .filter(step -> step.status() == StepStatus.RUNNING || step.status() == StepStatus.COMPENSATING)
                .findFirst()
                .map(step -> !recovery.safeToRepeat(step))
                .orElse(false);
    }

    /**
     * Takes the run through gating and to the start of its next step, whichever of these are due. A retry is started only
     * when the run was just claimed: the claim found it due by the database's clock, which this instance does not second-guess.
     */
    private Run advance(Run run, boolean claimedNow) {
        Run next = run;
        if (next.status() == RunStatus.PENDING) {
            next = next.startGating(Timestamps.now());
        }
        if (next.status() == RunStatus.GATING) {
            List<GateResult> decisions = gates.evaluate(next);
            next = next.gatesDecided(decisions, Timestamps.now());
        }
        Optional<Step> step = next.currentStep();
        if (next.status() == RunStatus.RUNNING && step.isPresent() && step.get().status() == StepStatus.PENDING) {
            Instant now = Timestamps.now();
            next = skills.checkpoint(step.get().skill()) ? next.awaitStepApproval(step.get().name(), gates.approvalDeadline(next, now), now)
                    : next.startStep(step.get().name(), now);
        }
        if (claimedNow && next.status() == RunStatus.HEALING && step.isPresent() && step.get().status() == StepStatus.RETRY_SCHEDULED) {
            next = next.startStep(step.get().name(), Timestamps.now());
        }
        return next;
    }
}

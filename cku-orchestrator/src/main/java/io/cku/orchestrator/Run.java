package io.cku.orchestrator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.cku.shared.Actor;
import io.cku.shared.Mode;
import io.cku.shared.TenantId;
import io.cku.shared.Verdict;

/**
 * The run aggregate: immutable, and the one place that decides which state changes are legal.
 * Every transition returns a new run or throws {@link IllegalTransition}.
 *
 * @param submitter who submitted the run; its tenant owns the run
 * @param reason why the run is waiting or how it ended, for a person to read; null while nothing needs saying
 * @param outcome a one-line summary once the run has ended
 */
public record Run(
        RunId id,
        Actor submitter,
        String intent,
        Mode mode,
        RunStatus status,
        String reason,
        Map<String, String> labels,
        Map<String, Object> evidence,
        List<Step> steps,
        List<GateResult> gates,
        String outcome,
        Instant createdAt,
        Instant updatedAt) {

    public Run {
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        evidence = evidence == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
        steps = List.copyOf(steps);
        gates = List.copyOf(gates);
    }

    /** A new run, PENDING until a worker claims it. */
    public static Run submitted(RunId id, Actor submitter, String intent, Mode mode, Map<String, String> labels, Map<String, Object> evidence,
            List<Step> steps, Instant now) {
        return new Run(id, submitter, intent, mode, RunStatus.PENDING, null, labels, evidence, steps, List.of(), null, now, now);
    }

    /** The tenant that owns the run. */
    public TenantId tenant() {
        return submitter.tenant();
    }

    /** The first step that has not ended, if any. */
    public Optional<Step> currentStep() {
        return steps.stream().filter(Step::isOpen).findFirst();
    }

    /** A worker begins evaluating the gates (again, after a restart during gating). */
    public Run startGating(Instant now) {
        require(status == RunStatus.PENDING || status == RunStatus.GATING, "start gating");
        return with(RunStatus.GATING, null, null, steps, gates, now);
    }

    /** Records the gates' decisions: a REJECT ends the run, a PAUSE waits for people, all PASS lets it run. */
    public Run gatesDecided(List<GateResult> decisions, Instant now) {
        require(status == RunStatus.GATING, "record gate decisions");
        List<GateResult> recorded = new ArrayList<>(decisions);
        Optional<GateResult> stop = decisions.stream().filter(gate -> gate.verdict() != Verdict.PASS).findFirst();
        if (stop.isEmpty()) {
            return with(RunStatus.RUNNING, null, null, steps, recorded, now);
        }
        GateResult gate = stop.get();
        String why = gate.gate() + ": " + gate.reason();
        if (gate.verdict() == Verdict.REJECT) {
            return with(RunStatus.REJECTED, why, "rejected by gate " + why, steps, recorded, now);
        }
        return with(RunStatus.AWAITING_APPROVAL, why, null, steps, recorded, now);
    }

    /** The gate this run waits on for approval, if it waits. */
    public Optional<GateResult> waitingGate() {
        if (status != RunStatus.AWAITING_APPROVAL) {
            return Optional.empty();
        }
        return gates.stream().filter(gate -> gate.verdict() == Verdict.PAUSE).reduce((first, second) -> second);
    }

    /** The waiting gate's quorum is met: the gates are evaluated again, and the approved one now passes. */
    public Run approvalGranted(String gate, Instant now) {
        requireWaitingAt(gate, "resume after approval");
        return with(RunStatus.GATING, null, null, steps, gates, now);
    }

    /** A person refused the waiting gate: the run ends REJECTED. */
    public Run approvalRefused(String gate, String why, Instant now) {
        requireWaitingAt(gate, "reject at gate " + gate);
        String reason = gate + ": " + why;
        return with(RunStatus.REJECTED, reason, "rejected at gate " + reason, steps, gates, now);
    }

    /** Nobody decided in time, and the mode escalates once: the wait goes on until {@code newDeadline}. */
    public Run approvalEscalated(Instant newDeadline, Instant now) {
        GateResult waiting = waitingGate().orElseThrow(() -> new IllegalTransition(status, "no gate is waiting for approval"));
        if (waiting.escalated()) {
            throw new IllegalTransition(status, "gate " + waiting.gate() + " was escalated already");
        }
        List<GateResult> updated = gates.stream().map(g -> g == waiting ? g.escalatedUntil(newDeadline) : g).toList();
        return with(RunStatus.AWAITING_APPROVAL, reason, null, steps, updated, now);
    }

    /** Nobody decided in time: the run ends REJECTED. */
    public Run approvalExpired(Instant now) {
        String gate = waitingGate().map(GateResult::gate).orElse("?");
        requireWaitingAt(gate, "expire the approval");
        String reason = gate + ": approval deadline passed";
        return with(RunStatus.REJECTED, reason, "rejected at gate " + reason, steps, gates, now);
    }

    private void requireWaitingAt(String gate, String change) {
        require(status == RunStatus.AWAITING_APPROVAL, change);
        if (waitingGate().filter(waiting -> waiting.gate().equalsIgnoreCase(gate)).isEmpty()) {
            throw new IllegalTransition(status, "gate " + gate + " is not waiting for approval; "
                    + waitingGate().map(w -> w.gate() + " is").orElse("no gate is"));
        }
    }

    /** The current step begins an attempt. */
    public Run startStep(String name, Instant now) {
        require(status == RunStatus.RUNNING, "start step " + name);
        Step step = current(name);
        return with(RunStatus.RUNNING, null, null, replace(step.started(now)), gates, now);
    }

    /** The current step succeeded; the run ends when it was the last open step. */
    public Run stepSucceeded(String name, String output, Instant now) {
        Step step = executing(name);
        return withSteps(replace(step.ended(StepStatus.SUCCEEDED, now, output, null)), now).finishIfDone(now);
    }

    /** The current step failed: an optional step is skipped and the run goes on, any other fails the run. */
    public Run stepFailed(String name, String error, Instant now) {
        Step step = executing(name);
        if (step.optional()) {
            return withSteps(replace(step.ended(StepStatus.SKIPPED, now, null, error)), now).finishIfDone(now);
        }
        String why = "step '" + name + "' failed: " + error;
        return with(RunStatus.FAILED, why, why, replace(step.ended(StepStatus.FAILED, now, null, error)), gates, now);
    }

    /** The run cannot go on without a person's decision. */
    public Run awaitDecision(String why, Instant now) {
        require(status == RunStatus.RUNNING, "wait for a decision");
        return with(RunStatus.AWAITING_DECISION, why, null, steps, gates, now);
    }

    /** Ends a run that has not ended; its open steps are cancelled with it. */
    public Run cancel(Instant now) {
        require(!status.isTerminal(), "cancel");
        List<Step> cancelled = steps.stream()
                .map(step -> step.isOpen() ? step.ended(StepStatus.CANCELLED, now, null, "run cancelled") : step)
                .toList();
        return with(RunStatus.CANCELLED, "cancelled on request", "cancelled on request", cancelled, gates, now);
    }

    private Step executing(String name) {
        require(status == RunStatus.RUNNING, "finish step " + name);
        Step step = current(name);
        if (step.status() != StepStatus.RUNNING) {
            throw new IllegalTransition(status, "step '" + name + "' is " + step.status() + ", not RUNNING");
        }
        return step;
    }

    private Step current(String name) {
        Step step = currentStep().orElseThrow(() -> new IllegalTransition(status, "run " + id + " has no open step"));
        if (!step.name().equals(name)) {
            throw new IllegalTransition(status, "step '" + name + "' is not the current step ('" + step.name() + "' is)");
        }
        return step;
    }

    private Run finishIfDone(Instant now) {
        if (currentStep().isPresent()) {
            return this;
        }
        long skipped = steps.stream().filter(step -> step.status() == StepStatus.SKIPPED).count();
        if (skipped == 0) {
            return with(RunStatus.SUCCEEDED, null, "all " + steps.size() + " steps succeeded", steps, gates, now);
        }
        String summary = (steps.size() - skipped) + " of " + steps.size() + " steps succeeded; " + skipped + " optional skipped";
        return with(RunStatus.PARTIAL, null, summary, steps, gates, now);
    }

    private List<Step> replace(Step changed) {
        return steps.stream().map(step -> step.position() == changed.position() ? changed : step).toList();
    }

    private Run withSteps(List<Step> newSteps, Instant now) {
        return with(status, reason, outcome, newSteps, gates, now);
    }

    private Run with(RunStatus newStatus, String newReason, String newOutcome, List<Step> newSteps, List<GateResult> newGates,
            Instant now) {
        return new Run(id, submitter, intent, mode, newStatus, newReason, labels, evidence, newSteps, newGates, newOutcome, createdAt, now);
    }

    private void require(boolean allowed, String change) {
        if (!allowed) {
            throw new IllegalTransition(status, "cannot " + change + ": run " + id + " is " + status);
        }
    }
}

package io.cku.orchestrator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.cku.shared.Actor;
import io.cku.shared.Mode;
import io.cku.shared.TenantId;
import io.cku.shared.Verdict;

/**
 * The run aggregate: immutable, and the one place that decides which state changes are legal.
 * Every transition returns a new run or throws {@link IllegalTransition}, and names the {@link RunEvent}s it caused.
 *
 * @param submitter who submitted the run; its tenant owns the run
 * @param reason why the run is waiting or how it ended, for a person to read; null while nothing needs saying
 * @param outcome a one-line summary once the run has ended
 * @param recommendation what the healing engine recommends while the run waits for a decision; null otherwise
 * @param healing what the healing engine and people did about failures, oldest first
 * @param events what the transitions that made this copy caused, oldest first; not stored, and not part of equality
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
        Decision recommendation,
        List<HealingAction> healing,
        Instant createdAt,
        Instant updatedAt,
        List<RunEvent> events) {

    public Run {
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        evidence = evidence == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
        steps = List.copyOf(steps);
        gates = List.copyOf(gates);
        healing = healing == null ? List.of() : List.copyOf(healing);
        events = events == null ? List.of() : List.copyOf(events);
    }

    /** A run as stored: no transition has happened to this copy yet. */
    public Run(RunId id, Actor submitter, String intent, Mode mode, RunStatus status, String reason, Map<String, String> labels,
            Map<String, Object> evidence, List<Step> steps, List<GateResult> gates, String outcome, Decision recommendation,
            List<HealingAction> healing, Instant createdAt, Instant updatedAt) {
        this(id, submitter, intent, mode, status, reason, labels, evidence, steps, gates, outcome, recommendation, healing, createdAt,
                updatedAt, List.of());
    }

    /** A new run, PENDING until a worker claims it. */
    public static Run submitted(RunId id, Actor submitter, String intent, Mode mode, Map<String, String> labels, Map<String, Object> evidence,
            List<Step> steps, Instant now) {
        Run run = new Run(id, submitter, intent, mode, RunStatus.PENDING, null, labels, evidence, steps, List.of(), null, null, List.of(),
                now, now);
        return run.recording(List.of(new RunEvent.RunSubmitted(run)));
    }

    /** The tenant that owns the run. */
    public TenantId tenant() {
        return submitter.tenant();
    }

    /** The first step that has not ended, if any. */
    public Optional<Step> currentStep() {
        return RunSteps.current(steps);
    }

    /** A worker begins evaluating the gates (again, after a restart during gating). */
    public Run startGating(Instant now) {
        RunGuards.require(this, status == RunStatus.PENDING || status == RunStatus.GATING, "start gating");
        return with(RunStatus.GATING, null, null, steps, gates, now);
    }

    /** Records the gates' decisions: a REJECT ends the run, a PAUSE waits for people, all PASS lets it run. */
    public Run gatesDecided(List<GateResult> decisions, Instant now) {
        RunGuards.require(this, status == RunStatus.GATING, "record gate decisions");
        List<GateResult> recorded = List.copyOf(decisions);
        List<RunEvent> decided = RunEventLog.decided(this, recorded);
        Optional<GateResult> stop = decisions.stream().filter(gate -> gate.verdict() != Verdict.PASS).findFirst();
        if (stop.isEmpty()) {
            return with(RunStatus.RUNNING, null, null, steps, recorded, now).recording(decided);
        }
        String why = RunOutcomes.gate(stop.get());
        if (stop.get().verdict() == Verdict.REJECT) {
            return with(RunStatus.REJECTED, why, RunOutcomes.rejectedByGate(why), steps, recorded, now).recording(decided);
        }
        return with(RunStatus.AWAITING_APPROVAL, why, null, steps, recorded, now).recording(decided);
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
        RunGuards.waitingAt(this, gate, "resume after approval");
        return with(RunStatus.GATING, null, null, steps, gates, now);
    }

    /** A person refused the waiting gate: the run ends REJECTED. */
    public Run approvalRefused(String gate, String why, Instant now) {
        RunGuards.waitingAt(this, gate, "reject at gate " + gate);
        String reason = gate + ": " + why;
        return with(RunStatus.REJECTED, reason, RunOutcomes.rejectedAtGate(reason), steps, gates, now);
    }

    /** Nobody decided in time, and the mode escalates once: the wait goes on until {@code newDeadline}. */
    public Run approvalEscalated(Instant newDeadline, Instant now) {
        GateResult waiting = waitingGate().orElseThrow(() -> new IllegalTransition(status, "no gate is waiting for approval"));
        if (waiting.escalated()) {
            throw new IllegalTransition(status, "gate " + waiting.gate() + " was escalated already");
        }
        GateResult escalated = waiting.escalatedUntil(newDeadline);
        List<GateResult> updated = gates.stream().map(g -> g == waiting ? escalated : g).toList();
        return with(RunStatus.AWAITING_APPROVAL, reason, null, steps, updated, now).recording(RunEventLog.decided(this, List.of(escalated)));
    }

    /** Nobody decided in time: the run ends REJECTED. */
    public Run approvalExpired(Instant now) {
        String gate = waitingGate().map(GateResult::gate).orElse("?");
        RunGuards.waitingAt(this, gate, "expire the approval");
        String reason = RunOutcomes.approvalExpired(gate);
        return with(RunStatus.REJECTED, reason, RunOutcomes.rejectedAtGate(reason), steps, gates, now);
    }

    /** The current step is a human checkpoint: it starts, and the run waits until people approve it, until {@code deadline}. */
    public Run awaitStepApproval(String name, Instant deadline, Instant now) {
        Step step = RunGuards.current(this, name);
        RunGuards.require(this, status == RunStatus.RUNNING && step.status() == StepStatus.PENDING,
                "wait for approval of step " + name);
        return with(RunStatus.AWAITING_APPROVAL, RunOutcomes.checkpointWaits(step), null, replace(step.waitingUntil(deadline, now)), gates,
                now);
    }

    /** The human checkpoint this run waits at, if it waits at one. */
    public Optional<Step> waitingStep() {
        if (status != RunStatus.AWAITING_APPROVAL) {
            return Optional.empty();
        }
        return currentStep().filter(step -> step.status() == StepStatus.RUNNING);
    }

    /** Enough people approved the checkpoint: it succeeds and the run goes on. */
    public Run stepApproved(String name, String output, Instant now) {
        RunGuards.waitingAtStep(this, name, "approve step " + name);
        return with(RunStatus.RUNNING, null, null, steps, gates, now).stepSucceeded(name, output, now);
    }

    /** A person refused the checkpoint: the step fails, and the healing engine's plan for that failure applies. */
    public Run stepRefused(String name, Attempt attempt, Healing plan, Instant now) {
        RunGuards.waitingAtStep(this, name, "refuse step " + name);
        return with(RunStatus.RUNNING, null, null, steps, gates, now).stepFailed(name, attempt, plan, now);
    }

    /**
     * The current step begins an attempt: a step not yet started, or one waiting for a retry (the worker starts it when the
     * database finds it due; the aggregate does not second-guess that clock).
     */
    public Run startStep(String name, Instant now) {
        Step step = RunGuards.current(this, name);
        boolean fresh = status == RunStatus.RUNNING && step.status() == StepStatus.PENDING;
        boolean retry = status == RunStatus.HEALING && step.status() == StepStatus.RETRY_SCHEDULED;
        RunGuards.require(this, fresh || retry, "start step " + name + " (" + step.status() + ")");
        return with(RunStatus.RUNNING, null, null, replace(step.started(now)), gates, now);
    }

    /** The current step succeeded; the run ends when it was the last open step. */
    public Run stepSucceeded(String name, String output, Instant now) {
        Step step = RunGuards.executing(this, name);
        return withSteps(replace(step.succeeded(now, output)), now).finishIfDone(now);
    }

    /**
     * The current attempt failed and the healing engine chose what follows: a retry at its time (the run HEALING until then),
     * skipping an optional step, rolling back the completed steps, waiting for a person, or failing the run.
     */
    public Run stepFailed(String name, Attempt attempt, Healing plan, Instant now) {
        Step step = RunGuards.executing(this, name);
        String failure = RunOutcomes.stepFailed(name, attempt, plan);
        return switch (plan.action()) {
            case RETRY -> act(RunStatus.HEALING, RunOutcomes.retrying(name, plan), null,
                    replace(step.retryScheduled(attempt, plan.retryAt(), plan.delayMs(), now)), "retry-scheduled", name, plan.reason(), now);
            case SKIP -> act(status, null, null, replace(step.failed(StepStatus.SKIPPED, attempt, now)), "skipped", name, plan.reason(), now)
                    .finishIfDone(now);
            case ROLLBACK -> act(RunStatus.HEALING, RunOutcomes.rollingBack(failure), null, replace(step.failed(StepStatus.FAILED, attempt, now)),
                    "rollback-started", name, plan.reason(), now);
            case AWAIT_DECISION -> act(RunStatus.AWAITING_DECISION, failure, null, replace(step.failed(StepStatus.FAILED, attempt, now)),
                    "decision-requested", name, RunOutcomes.recommended(plan.reason(), plan.recommendation()), now)
                    .recommending(plan.recommendation());
            case FAIL -> act(RunStatus.FAILED, failure, failure, replace(step.failed(StepStatus.FAILED, attempt, now)), "failed", name,
                    plan.reason(), now);
        };
    }

    /** The run cannot go on without a person's decision (a step that must not run twice was in flight when its worker stopped). */
    public Run awaitDecision(String why, Decision recommendation, Instant now) {
        RunGuards.require(this, status == RunStatus.RUNNING || status == RunStatus.HEALING, "wait for a decision");
        Optional<Step> compensating = RunSteps.first(steps, StepStatus.COMPENSATING);
        List<Step> changed = compensating.map(s -> replace(s.compensation(StepStatus.COMPENSATION_FAILED, why))).orElse(steps);
        String step = compensating.or(this::currentStep).map(Step::name).orElse(null);
        return act(RunStatus.AWAITING_DECISION, why, null, changed, "decision-requested", step,
                RunOutcomes.recommended(why, recommendation), now).recommending(recommendation);
    }

    /** The run is HEALING and no step waits for a retry: it is undoing its completed steps. */
    public boolean rollingBack() {
        return status == RunStatus.HEALING && steps.stream().noneMatch(step -> step.status() == StepStatus.RETRY_SCHEDULED);
    }

    /**
     * When something is next due: a scheduled retry, or the end of a checkpoint step's wait for approval; null when a worker
     * is needed now or nothing is due.
     */
    public Instant dueAt() {
        if (status == RunStatus.AWAITING_APPROVAL) {
            return waitingStep().map(Step::nextAttemptAt).orElse(null); // when the checkpoint's wait ends
        }
        if (status != RunStatus.HEALING) {
            return null;
        }
        return RunSteps.first(steps, StepStatus.RETRY_SCHEDULED).map(Step::nextAttemptAt).orElse(null);
    }

    /** Whether completed steps could be undone: some succeeded and say how to undo them. */
    public boolean anythingToUndo() {
        return steps.stream().anyMatch(RunSteps::undoable);
    }

    /** The step to undo next while rolling back: one whose undoing was interrupted, else the last one completed. */
    public Optional<Step> nextToCompensate() {
        return RunSteps.nextToCompensate(steps);
    }

    /** Undoing a completed step begins. */
    public Run compensationStarted(String name, Instant now) {
        Step step = RunGuards.compensable(this, name);
        return withSteps(replace(step.compensation(StepStatus.COMPENSATING, null)), now);
    }

    /** The step was undone. */
    public Run compensated(String name, String detail, Instant now) {
        Step step = RunGuards.compensating(this, name);
        return act(status, reason, null, replace(step.compensation(StepStatus.COMPENSATED, null)), "compensated", name, detail, now);
    }

    /** Undoing the step failed: a person decides whether to try again, skip it or stop. */
    public Run compensationFailed(String name, String error, Instant now) {
        Step step = RunGuards.compensating(this, name);
        String why = RunOutcomes.compensationFailed(name, error);
        return act(RunStatus.AWAITING_DECISION, why, null, replace(step.compensation(StepStatus.COMPENSATION_FAILED, error)),
                "compensation-failed", name, why, now).recommending(Decision.RETRY);
    }

    /**
     * Nothing is left to undo: the run ends ROLLED_BACK when some step was undone, FAILED when none was. The outcome names
     * what was undone and what was not.
     */
    public Run rollbackFinished(Instant now) {
        RunGuards.require(this, rollingBack() && nextToCompensate().isEmpty(), "finish the rollback");
        String summary = RunOutcomes.rollback(steps);
        boolean undone = RunSteps.count(steps, StepStatus.COMPENSATED) > 0;
        RunStatus ending = undone ? RunStatus.ROLLED_BACK : RunStatus.FAILED;
        List<Step> closed = RunSteps.closeOpen(steps, now, undone ? "run rolled back" : "run failed");
        return act(ending, summary, summary, closed, undone ? "rolled-back" : "failed", null, summary, now);
    }

    /**
     * A person decided how a run waiting after a failure goes on. While undoing a step failed: retry (or rollback) tries
     * undoing it again, skip leaves it and goes on undoing the others, abort stops. Otherwise, for the failed step (or the
     * step that was in flight when its worker stopped): retry attempts it again with a fresh retry budget, rollback undoes the
     * completed steps, skip goes on without it (the run ends PARTIAL at best), abort ends the run FAILED.
     */
    public Run decided(Decision decision, Actor by, String why, Instant now) {
        RunGuards.require(this, status == RunStatus.AWAITING_DECISION, "decide (" + decision.wireName() + ")");
        String note = RunOutcomes.decided(by, decision, why);
        String action = "decided-" + decision.wireName();
        Optional<Step> undoing = RunSteps.first(steps, StepStatus.COMPENSATION_FAILED);
        if (undoing.isPresent() && decision != Decision.ABORT) {
            Step step = undoing.get();
            Step next = step.compensation(decision == Decision.SKIP ? StepStatus.COMPENSATION_SKIPPED : StepStatus.SUCCEEDED,
                    step.compensationError());
            return act(RunStatus.HEALING, RunOutcomes.rollingBack(note), null, replace(next), action, step.name(), note, now).by(by);
        }
        return switch (decision) {
            case ABORT -> {
                String ending = RunOutcomes.aborted(by, why);
                String step = undoing.or(() -> RunSteps.failed(steps)).map(Step::name).orElse(null);
                yield act(RunStatus.FAILED, ending, ending, RunSteps.closeOpen(steps, now, "run aborted"), action, step, note, now).by(by);
            }
            case RETRY -> {
                Step step = RunGuards.decided(this, now);
                yield act(RunStatus.RUNNING, null, null, replace(step.retriedByDecision()), action, step.name(), note, now).by(by);
            }
            case SKIP -> {
                Step step = RunGuards.decided(this, now);
                Step skipped = step.ended(StepStatus.SKIPPED, now, null, step.error() == null ? "skipped by decision" : step.error());
                yield act(RunStatus.RUNNING, null, null, replace(skipped), action, step.name(), note, now).by(by).finishIfDone(now);
            }
            case ROLLBACK -> {
                Step step = RunGuards.decided(this, now);
                Step abandoned = step.status() == StepStatus.FAILED ? step : step.ended(StepStatus.FAILED, now, null, "abandoned in flight: " + note);
                yield act(RunStatus.HEALING, RunOutcomes.rollingBack(note), null, replace(abandoned), action, step.name(), note, now).by(by);
            }
        };
    }

    /** Ends a run that has not ended; its open steps are cancelled with it. */
    public Run cancel(Instant now) {
        return cancel(now, null);
    }

    /** {@link #cancel(Instant)}, with the canceller's words in the run's reason and outcome (null or blank: none). */
    public Run cancel(Instant now, String why) {
        RunGuards.require(this, !status.isTerminal(), "cancel");
        List<Step> cancelled = steps.stream()
                .map(step -> step.isOpen() ? step.ended(StepStatus.CANCELLED, now, null, "run cancelled")
                        : step.status() == StepStatus.COMPENSATING
                                ? step.compensation(StepStatus.COMPENSATION_FAILED, "run cancelled while the step was being undone")
                                : step)
                .toList();
        String reason = why == null || why.isBlank() ? "cancelled on request" : "cancelled on request: " + why.strip();
        return with(RunStatus.CANCELLED, reason, reason, cancelled, gates, now);
    }

    private Run finishIfDone(Instant now) {
        if (currentStep().isPresent() || status != RunStatus.RUNNING) {
            return this;
        }
        if (RunSteps.count(steps, StepStatus.SKIPPED) == 0) {
            return with(RunStatus.SUCCEEDED, null, RunOutcomes.allSucceeded(steps), steps, gates, now);
        }
        return with(RunStatus.PARTIAL, null, RunOutcomes.partial(steps), steps, gates, now);
    }

    private List<Step> replace(Step changed) {
        return RunSteps.replace(steps, changed);
    }

    /**
     * This run once stored: its events were published with the save, so the copy a worker goes on with starts with none
     * (otherwise they would pile up, and be copied, at every later transition of a long run).
     */
    public Run saved() {
        return events.isEmpty() ? this : new Run(id, submitter, intent, mode, status, reason, labels, evidence, steps, gates, outcome,
                recommendation, healing, createdAt, updatedAt);
    }

    private Run withSteps(List<Step> newSteps, Instant now) {
        return with(status, reason, outcome, newSteps, gates, now);
    }

    private Run with(RunStatus newStatus, String newReason, String newOutcome, List<Step> newSteps, List<GateResult> newGates,
            Instant now) {
        return new Run(id, submitter, intent, mode, newStatus, newReason, labels, evidence, newSteps, newGates, newOutcome, null, healing,
                createdAt, now, RunEventLog.caused(this, newStatus, newSteps, null));
    }

    /** A change made while healing, recorded with its reason (by {@code system} unless {@link #by} says who). */
    private Run act(RunStatus newStatus, String newReason, String newOutcome, List<Step> newSteps, String action, String step,
            String why, Instant now) {
        HealingAction acted = new HealingAction(now, action, step, Actor.system(tenant()).qualifiedName(), why);
        List<HealingAction> recorded = new ArrayList<>(healing);
        recorded.add(acted);
        return new Run(id, submitter, intent, mode, newStatus, newReason, labels, evidence, newSteps, gates, newOutcome, null, recorded,
                createdAt, now, RunEventLog.caused(this, newStatus, newSteps, acted));
    }

    /** The last healing action was a person's. */
    private Run by(Actor person) {
        List<HealingAction> recorded = new ArrayList<>(healing);
        HealingAction last = recorded.remove(recorded.size() - 1);
        HealingAction theirs = new HealingAction(last.at(), last.action(), last.step(), person.qualifiedName(), last.reason());
        recorded.add(theirs);
        return new Run(id, submitter, intent, mode, status, reason, labels, evidence, steps, gates, outcome, recommendation, recorded,
                createdAt, updatedAt, RunEventLog.actedBy(events, last, theirs));
    }

    private Run recommending(Decision decision) {
        return new Run(id, submitter, intent, mode, status, reason, labels, evidence, steps, gates, outcome, decision, healing,
                createdAt, updatedAt, events);
    }

    private Run recording(List<RunEvent> more) {
        return new Run(id, submitter, intent, mode, status, reason, labels, evidence, steps, gates, outcome, recommendation, healing,
                createdAt, updatedAt, RunEventLog.plus(events, more));
    }

    /** Equal runs hold the same state; the events that led to it do not count. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Run run && id.equals(run.id) && submitter.equals(run.submitter) && Objects.equals(intent, run.intent)
                && mode == run.mode && status == run.status && Objects.equals(reason, run.reason) && labels.equals(run.labels)
                && evidence.equals(run.evidence) && steps.equals(run.steps) && gates.equals(run.gates)
                && Objects.equals(outcome, run.outcome) && recommendation == run.recommendation && healing.equals(run.healing)
                && Objects.equals(createdAt, run.createdAt) && Objects.equals(updatedAt, run.updatedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, submitter, intent, mode, status, reason, labels, evidence, steps, gates, outcome, recommendation, healing,
                createdAt, updatedAt);
    }
}

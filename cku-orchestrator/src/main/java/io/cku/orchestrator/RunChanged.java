package io.cku.orchestrator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.cku.shared.Actor;

/**
 * A run was stored in a new state, published inside the transaction that stored it (so a listener's writes commit or roll
 * back with it).
 *
 * @param actor who caused the change: the submitter, the person who cancelled or decided, or {@code system} (the worker)
 * @param before the run as it was; null for a new run
 */
public record RunChanged(Actor actor, Run before, Run after) {

    public RunChanged {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(after, "after");
    }

    /** One thing that changed, named like {@code run.step-failed}, with its details as JSON values. */
    public record Change(String action, Map<String, Object> details) {
    }

    /**
     * What changed, in the order it happened: the submission; or gate decisions, steps that ended, the run's status, and
     * steps that started.
     */
    public List<Change> changes() {
        List<Change> changes = new ArrayList<>();
        if (before == null) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("mode", after.mode().wireName());
            details.put("intent", after.intent());
            details.put("steps", after.steps().stream().map(step -> step.name() + " (" + step.skill() + ")").toList());
            details.put("labels", after.labels());
            changes.add(new Change("run.submitted", details));
            return changes;
        }
        for (GateResult gate : after.gates()) {
            if (!before.gates().contains(gate)) {
                changes.add(gateDecided(gate));
            }
        }
        List<Step> started = new ArrayList<>();
        for (int i = 0; i < after.steps().size(); i++) {
            Step was = before.steps().get(i);
            Step is = after.steps().get(i);
            if (is.status() == StepStatus.RUNNING && (was.status() != StepStatus.RUNNING || was.attempts() != is.attempts())) {
                started.add(is);
            } else if (was.status() != is.status()) {
                changes.add(step(is));
            }
        }
        for (HealingAction action : after.healing().subList(Math.min(before.healing().size(), after.healing().size()), after.healing().size())) {
            changes.add(healing(action));
        }
        if (before.status() != after.status()) {
            changes.add(status());
        }
        started.forEach(step -> changes.add(step(step)));
        return changes;
    }

    private static Change gateDecided(GateResult gate) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("gate", gate.gate());
        details.put("verdict", gate.verdict().name());
        details.put("reason", gate.reason());
        Optional.ofNullable(gate.deadline()).ifPresent(deadline -> details.put("deadline", deadline.toString()));
        return new Change("run.gate-decided", details);
    }

    private static Change step(Step step) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("step", step.name());
        details.put("skill", step.skill());
        details.put("attempt", step.attempts());
        Optional.ofNullable(step.error()).ifPresent(error -> details.put("error", error));
        if (!step.attemptLog().isEmpty() && step.status() != StepStatus.RUNNING) {
            Attempt last = step.attemptLog().get(step.attemptLog().size() - 1);
            Optional.ofNullable(last.classification()).ifPresent(c -> details.put("classification", c.name()));
            Optional.ofNullable(last.errorType()).ifPresent(type -> details.put("errorType", type));
            Optional.ofNullable(last.nextAttemptAt()).ifPresent(next -> details.put("nextAttemptAt", next.toString()));
        }
        Optional.ofNullable(step.compensationError()).ifPresent(error -> details.put("compensationError", error));
        String action = switch (step.status()) {
            case RUNNING -> "run.step-started";
            case RETRY_SCHEDULED -> "run.step-retry-scheduled";
            case SUCCEEDED -> "run.step-succeeded";
            case FAILED -> "run.step-failed";
            case SKIPPED -> "run.step-skipped";
            case CANCELLED -> "run.step-cancelled";
            case PENDING -> "run.step-reset";
            case COMPENSATING -> "run.step-compensating";
            case COMPENSATED -> "run.step-compensated";
            case COMPENSATION_FAILED -> "run.step-compensation-failed";
            case COMPENSATION_SKIPPED -> "run.step-compensation-skipped";
        };
        return new Change(action, details);
    }

    /** What the healing engine or a person did, with the reason: {@code run.healing} with the action in its details. */
    private static Change healing(HealingAction action) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("action", action.action());
        Optional.ofNullable(action.step()).ifPresent(step -> details.put("step", step));
        details.put("by", action.actor());
        details.put("reason", action.reason());
        return new Change("run.healing", details);
    }

    private Change status() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("from", before.status().name());
        details.put("to", after.status().name());
        Optional.ofNullable(after.reason()).ifPresent(reason -> details.put("reason", reason));
        Optional.ofNullable(after.outcome()).ifPresent(outcome -> details.put("outcome", outcome));
        String action = after.status() == RunStatus.CANCELLED ? "run.cancelled"
                : after.status().isTerminal() ? "run.finished" : "run.status-changed";
        return new Change(action, details);
    }
}

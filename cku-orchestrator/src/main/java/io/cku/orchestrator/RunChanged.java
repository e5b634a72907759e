package io.cku.orchestrator;

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
 * @param events what the transitions from {@code before} to {@code after} caused, in the audit chain's order: the
 *        submission; or gate decisions, steps that ended, healing actions, the run's status (once, from the first to the last),
 *        and steps that started
 */
public record RunChanged(Actor actor, Run before, Run after, List<RunEvent> events) {

    public RunChanged {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(after, "after");
        events = List.copyOf(events);
    }

    /**
     * The change from {@code before} to {@code after}, with the events {@code after}'s transitions named since {@code before};
     * {@code after} must have been made from {@code before} by transitions (its events continue {@code before}'s).
     */
    public RunChanged(Actor actor, Run before, Run after) {
        this(actor, before, after, RunChangeOrder.inAuditOrder(before, after));
    }

    /** One thing that changed, named like {@code run.step-failed}, with its details as JSON values. */
    public record Change(String action, Map<String, Object> details) {
    }

    /** The audit entries of the events, one each, in their order. */
    public List<Change> changes() {
        return events.stream().map(this::change).toList();
    }

    private Change change(RunEvent event) {
        return event.accept(new RunEvent.Visitor<>() {
            public Change submitted(RunEvent.RunSubmitted submitted) {
                return RunChanged.submitted(submitted.run());
            }

            public Change gateDecided(RunEvent.GateDecided decided) {
                return RunChanged.gateDecided(decided.gate());
            }

            public Change stepChanged(RunEvent.StepChanged changed) {
                return step(changed.step());
            }

            public Change healingActed(RunEvent.HealingActed acted) {
                return healing(acted.action());
            }

            public Change statusChanged(RunEvent.StatusChanged changed) {
                return status(changed);
            }
        });
    }

    private static Change submitted(Run run) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("mode", run.mode().wireName());
        details.put("intent", run.intent());
        details.put("steps", run.steps().stream().map(step -> step.name() + " (" + step.skill() + ")").toList());
        details.put("labels", run.labels());
        return new Change("run.submitted", details);
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

    private Change status(RunEvent.StatusChanged changed) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("from", changed.from().name());
        details.put("to", changed.to().name());
        Optional.ofNullable(after.reason()).ifPresent(reason -> details.put("reason", reason));
        Optional.ofNullable(after.outcome()).ifPresent(outcome -> details.put("outcome", outcome));
        String action = changed.to() == RunStatus.CANCELLED ? "run.cancelled"
                : changed.to().isTerminal() ? "run.finished" : "run.status-changed";
        return new Change(action, details);
    }
}

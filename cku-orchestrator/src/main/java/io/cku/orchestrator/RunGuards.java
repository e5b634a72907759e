package io.cku.orchestrator;

import java.time.Instant;

/** The checks {@link Run}'s transitions make before they change anything: each names what was refused and why. */
final class RunGuards {

    private RunGuards() {
    }

    static void require(Run run, boolean allowed, String change) {
        if (!allowed) {
            throw new IllegalTransition(run.status(), "cannot " + change + ": run " + run.id() + " is " + run.status());
        }
    }

    /** The run waits for approval at this gate. */
    static void waitingAt(Run run, String gate, String change) {
        require(run, run.status() == RunStatus.AWAITING_APPROVAL, change);
        if (run.waitingGate().filter(waiting -> waiting.gate().equalsIgnoreCase(gate)).isEmpty()) {
            throw new IllegalTransition(run.status(), "gate " + gate + " is not waiting for approval; "
                    + run.waitingGate().map(w -> w.gate() + " is").orElse("no gate is"));
        }
    }

    /** The run waits for approval at this checkpoint step. */
    static void waitingAtStep(Run run, String name, String change) {
        if (run.waitingStep().filter(step -> step.name().equals(name)).isEmpty()) {
            throw new IllegalTransition(run.status(), "cannot " + change + ": run " + run.id() + " does not wait at step '" + name + "'"
                    + run.waitingStep().map(step -> " (it waits at '" + step.name() + "')").orElse(""));
        }
    }

    /** The current step, which must be the one named. */
    static Step current(Run run, String name) {
        Step step = run.currentStep().orElseThrow(() -> new IllegalTransition(run.status(), "run " + run.id() + " has no open step"));
        if (!step.name().equals(name)) {
            throw new IllegalTransition(run.status(), "step '" + name + "' is not the current step ('" + step.name() + "' is)");
        }
        return step;
    }

    /** The current step, running an attempt in a running run. */
    static Step executing(Run run, String name) {
        require(run, run.status() == RunStatus.RUNNING, "finish step " + name);
        Step step = current(run, name);
        if (step.status() != StepStatus.RUNNING) {
            throw new IllegalTransition(run.status(), "step '" + name + "' is " + step.status() + ", not RUNNING");
        }
        return step;
    }

    /** A completed step with a compensation, in a run rolling back. */
    static Step compensable(Run run, String name) {
        require(run, run.rollingBack(), "undo step " + name);
        Step step = find(run, name);
        if (step.status() != StepStatus.SUCCEEDED || step.compensation() == null) {
            throw new IllegalTransition(run.status(), "step '" + name + "' is " + step.status() + (step.compensation() == null
                    ? " and has no compensation" : "") + "; only a completed step with a compensation is undone");
        }
        return step;
    }

    /** A step being undone, in a run rolling back. */
    static Step compensating(Run run, String name) {
        require(run, run.rollingBack(), "finish undoing step " + name);
        Step step = find(run, name);
        if (step.status() != StepStatus.COMPENSATING) {
            throw new IllegalTransition(run.status(), "step '" + name + "' is " + step.status() + ", not COMPENSATING");
        }
        return step;
    }

    /** The step a decision is about, a step that was in flight when its worker stopped counted as interrupted. */
    static Step decided(Run run, Instant now) {
        Step found = RunSteps.failed(run.steps())
                .orElseThrow(() -> new IllegalTransition(run.status(), "run " + run.id() + " has no failed step to decide on"));
        return found.status() == StepStatus.RUNNING ? found.interrupted(now) : found;
    }

    private static Step find(Run run, String name) {
        return RunSteps.named(run.steps(), name)
                .orElseThrow(() -> new IllegalTransition(run.status(), "run " + run.id() + " has no step '" + name + "'"));
    }
}

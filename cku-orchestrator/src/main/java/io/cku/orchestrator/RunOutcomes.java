package io.cku.orchestrator;

import java.util.List;

import io.cku.shared.Actor;

/** The wording of a {@link Run}'s reasons and outcomes, for a person to read: one place, so the audit trail reads the same everywhere. */
final class RunOutcomes {

    private RunOutcomes() {
    }

    /** A gate's decision, as {@code GATE: reason}. */
    static String gate(GateResult gate) {
        return gate.gate() + ": " + gate.reason();
    }

    static String rejectedByGate(String why) {
        return "rejected by gate " + why;
    }

    static String rejectedAtGate(String why) {
        return "rejected at gate " + why;
    }

    static String approvalExpired(String gate) {
        return gate + ": approval deadline passed";
    }

    /** Why the run waits at a human checkpoint, with the step's message when it has one. */
    static String checkpointWaits(Step step) {
        Object message = step.params().get("message");
        return "step '" + step.name() + "' waits for approval" + (message == null || message.toString().isBlank() ? "" : ": " + message);
    }

    static String stepFailed(String name, Attempt attempt, Healing plan) {
        return "step '" + name + "' failed: " + attempt.error() + " (" + plan.reason() + ")";
    }

    static String retrying(String name, Healing plan) {
        return "retrying step '" + name + "': " + plan.reason();
    }

    static String rollingBack(String why) {
        return "rolling back: " + why;
    }

    static String recommended(String why, Decision recommendation) {
        return why + "; recommended: " + recommendation.wireName();
    }

    static String compensationFailed(String name, String error) {
        return "undoing step '" + name + "' failed: " + error;
    }

    static String decided(Actor by, Decision decision, String why) {
        return by.qualifiedName() + " decided " + decision.wireName() + ": " + why;
    }

    static String aborted(Actor by, String why) {
        return "aborted by decision of " + by.qualifiedName() + ": " + why;
    }

    /** What a finished rollback did: the failure, what was undone (in reverse order), kept for lack of a compensation, or skipped. */
    static String rollback(List<Step> steps) {
        List<String> undone = RunSteps.namesNewestFirst(steps, StepStatus.COMPENSATED);
        List<String> kept = RunSteps.names(steps, StepStatus.SUCCEEDED);
        List<String> skipped = RunSteps.namesNewestFirst(steps, StepStatus.COMPENSATION_SKIPPED);
        String failed = RunSteps.first(steps, StepStatus.FAILED)
                .map(s -> "step '" + s.name() + "' failed" + (s.error() == null ? "" : " (" + s.error() + ")")).orElse("a step failed");
        StringBuilder summary = new StringBuilder(failed + "; ");
        summary.append(undone.isEmpty() ? "nothing was undone" : "undone in reverse order: " + String.join(", ", undone));
        if (!kept.isEmpty()) {
            summary.append("; not undone (no compensation): ").append(String.join(", ", kept));
        }
        if (!skipped.isEmpty()) {
            summary.append("; undoing skipped by decision: ").append(String.join(", ", skipped));
        }
        return summary.toString();
    }

    static String allSucceeded(List<Step> steps) {
        return "all " + steps.size() + " steps succeeded";
    }

    /** How many steps succeeded, and why the others were skipped: optional, or by a person's decision. */
    static String partial(List<Step> steps) {
        long skipped = RunSteps.count(steps, StepStatus.SKIPPED);
        long optional = RunSteps.optionalSkipped(steps);
        return (steps.size() - skipped) + " of " + steps.size() + " steps succeeded; "
                + (optional > 0 ? optional + " optional skipped" : "") + (optional > 0 && optional < skipped ? ", " : "")
                + (optional < skipped ? (skipped - optional) + " skipped by decision" : "");
    }
}

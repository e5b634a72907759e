package io.cku.orchestrator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Step bookkeeping for {@link Run}: which step is current or next to undo, replacing one step, names and counts by status. */
final class RunSteps {

    private RunSteps() {
    }

    /** The first step that has not ended, if any. */
    static Optional<Step> current(List<Step> steps) {
        return steps.stream().filter(Step::isOpen).findFirst();
    }

    /** The first step in the given status, if any. */
    static Optional<Step> first(List<Step> steps, StepStatus wanted) {
        return steps.stream().filter(step -> step.status() == wanted).findFirst();
    }

    /** The step named so, if the run has one. */
    static Optional<Step> named(List<Step> steps, String name) {
        return steps.stream().filter(step -> step.name().equals(name)).findFirst();
    }

    /** A completed step that says how to undo it: what a rollback works on. */
    static boolean undoable(Step step) {
        return step.status() == StepStatus.SUCCEEDED && step.compensation() != null;
    }

    /** The step to undo next while rolling back: one whose undoing was interrupted, else the last one completed. */
    static Optional<Step> nextToCompensate(List<Step> steps) {
        Optional<Step> interrupted = first(steps, StepStatus.COMPENSATING);
        if (interrupted.isPresent()) {
            return interrupted;
        }
        return steps.stream().filter(RunSteps::undoable).reduce((first, second) -> second);
    }

    /** The step a decision is about: the one that failed, or the one that was in flight (or waiting to retry) when its worker stopped. */
    static Optional<Step> failed(List<Step> steps) {
        return steps.stream().filter(step -> switch (step.status()) {
            case FAILED, RUNNING, RETRY_SCHEDULED -> true;
            case PENDING, SUCCEEDED, SKIPPED, CANCELLED, COMPENSATING, COMPENSATED, COMPENSATION_FAILED, COMPENSATION_SKIPPED -> false;
        }).findFirst();
    }

    /** The steps with the changed one in its place (matched by position). */
    static List<Step> replace(List<Step> steps, Step changed) {
        return steps.stream().map(step -> step.position() == changed.position() ? changed : step).toList();
    }

    /** The steps with every open one cancelled, saying why. */
    static List<Step> closeOpen(List<Step> steps, Instant now, String why) {
        return steps.stream().map(step -> step.isOpen() ? step.ended(StepStatus.CANCELLED, now, null, why) : step).toList();
    }

    /** The names of the steps in the given status, the last one first (the order a rollback undoes them). */
    static List<String> namesNewestFirst(List<Step> steps, StepStatus wanted) {
        List<String> names = new ArrayList<>(steps.stream().filter(step -> step.status() == wanted).map(Step::name).toList());
        Collections.reverse(names);
        return names;
    }

    /** The names of the steps in the given status, in plan order. */
    static List<String> names(List<Step> steps, StepStatus wanted) {
        return steps.stream().filter(step -> step.status() == wanted).map(Step::name).toList();
    }

    /** How many steps are in the given status. */
    static long count(List<Step> steps, StepStatus wanted) {
        return steps.stream().filter(step -> step.status() == wanted).count();
    }

    /** How many optional steps were skipped. */
    static long optionalSkipped(List<Step> steps) {
        return steps.stream().filter(step -> step.status() == StepStatus.SKIPPED && step.optional()).count();
    }
}

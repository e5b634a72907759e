package io.cku.orchestrator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the events of the transitions between two saves in the order the audit chain has always had: one save may hold
 * several transitions (a worker gates a run and starts its first step), and the chain records each step and the status once.
 */
final class RunChangeOrder {

    private RunChangeOrder() {
    }

    /** The events {@code after}'s transitions caused since {@code before}, folded and ordered; only the submission for a new run. */
    static List<RunEvent> inAuditOrder(Run before, Run after) {
        List<RunEvent> caused = after.events().subList(before == null ? 0 : Math.min(before.events().size(), after.events().size()),
                after.events().size());
        if (before == null) {
            return caused.stream().filter(RunEvent.RunSubmitted.class::isInstance).findFirst().map(List::of)
                    .orElseThrow(() -> new IllegalStateException("run " + after.id() + " is stored new but was not submitted"));
        }
        Folding folding = new Folding(after);
        caused.forEach(event -> event.accept(folding));
        return folding.ordered();
    }

    /** Collects the events by kind: each step once (as it first was, as it last is), the status once (first from, last to). */
    private static final class Folding implements RunEvent.Visitor<Void> {
        private final Run after;
        private final List<RunEvent> gates = new ArrayList<>();
        private final Map<Integer, RunEvent.StepChanged> steps = new LinkedHashMap<>();
        private final List<RunEvent> healing = new ArrayList<>();
        private RunEvent.StatusChanged status;

        Folding(Run after) {
            this.after = after;
        }

        public Void submitted(RunEvent.RunSubmitted event) {
            throw new IllegalStateException("run " + after.id() + " was submitted again");
        }

        public Void gateDecided(RunEvent.GateDecided event) {
            gates.add(event);
            return null;
        }

        public Void stepChanged(RunEvent.StepChanged event) {
            steps.merge(event.step().position(), event, (first, last) -> new RunEvent.StepChanged(first.was(), last.step()));
            return null;
        }

        public Void healingActed(RunEvent.HealingActed event) {
            healing.add(event);
            return null;
        }

        public Void statusChanged(RunEvent.StatusChanged event) {
            status = status == null ? event : new RunEvent.StatusChanged(status.from(), event.to());
            return null;
        }

        List<RunEvent> ordered() {
            return RunChangeOrder.ordered(gates, after, steps, healing, status);
        }
    }

    /** Gate decisions, steps that ended, healing actions, the status, then steps that started (each step in plan order). */
    private static List<RunEvent> ordered(List<RunEvent> gates, Run after, Map<Integer, RunEvent.StepChanged> steps,
            List<RunEvent> healing, RunEvent.StatusChanged status) {
        List<RunEvent> ordered = new ArrayList<>(gates);
        List<RunEvent> started = new ArrayList<>();
        for (Step step : after.steps()) {
            RunEvent.StepChanged changed = steps.get(step.position());
            if (changed == null) {
                continue;
            }
            if (startedAgain(changed)) {
                started.add(changed);
            } else if (changed.was().status() != changed.step().status()) {
                ordered.add(changed);
            }
        }
        ordered.addAll(healing);
        if (status != null && status.from() != status.to()) {
            ordered.add(status);
        }
        ordered.addAll(started);
        return ordered;
    }

    /** The step is running an attempt it was not running before: it started (again). */
    private static boolean startedAgain(RunEvent.StepChanged changed) {
        Step was = changed.was();
        Step is = changed.step();
        return is.status() == StepStatus.RUNNING && (was.status() != StepStatus.RUNNING || was.attempts() != is.attempts());
    }
}

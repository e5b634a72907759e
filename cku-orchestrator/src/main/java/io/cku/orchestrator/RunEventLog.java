package io.cku.orchestrator;

import java.util.ArrayList;
import java.util.List;

/** How {@link Run}'s transitions add the events they cause to those the run already carries. */
final class RunEventLog {

    private RunEventLog() {
    }

    /**
     * The run's events, and those of its transition to {@code to} with {@code newSteps}: each step the transition put in place
     * of another (its own replacement, so a comparison by identity), the healing action if any, and the status if it changed.
     */
    static List<RunEvent> caused(Run from, RunStatus to, List<Step> newSteps, HealingAction acted) {
        List<RunEvent> caused = new ArrayList<>(from.events());
        for (int i = 0; i < newSteps.size(); i++) {
            if (newSteps.get(i) != from.steps().get(i)) {
                caused.add(new RunEvent.StepChanged(from.steps().get(i), newSteps.get(i)));
            }
        }
        if (acted != null) {
            caused.add(new RunEvent.HealingActed(acted));
        }
        if (to != from.status()) {
            caused.add(new RunEvent.StatusChanged(from.status(), to));
        }
        return caused;
    }

    /** The decisions the run had not recorded yet (a decision repeated unchanged is not news). */
    static List<RunEvent> decided(Run from, List<GateResult> decisions) {
        return decisions.stream().filter(gate -> !from.gates().contains(gate)).map(gate -> (RunEvent) new RunEvent.GateDecided(gate))
                .toList();
    }

    static List<RunEvent> plus(List<RunEvent> events, List<RunEvent> more) {
        List<RunEvent> all = new ArrayList<>(events);
        all.addAll(more);
        return all;
    }

    /** The events with the healing action {@code system's} replaced by {@code theirs}: a person's decision. */
    static List<RunEvent> actedBy(List<RunEvent> events, HealingAction system, HealingAction theirs) {
        return events.stream()
                .map(event -> event instanceof RunEvent.HealingActed acted && acted.action() == system ? new RunEvent.HealingActed(theirs) : event)
                .toList();
    }
}

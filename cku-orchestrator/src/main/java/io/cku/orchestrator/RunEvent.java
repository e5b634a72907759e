package io.cku.orchestrator;

/**
 * What a transition of {@link Run} caused, named by the transition itself: collected on the run it returns (not stored, not
 * part of its equality) until the run is saved, when {@link RunChanged} puts them in the audit chain's order.
 */
public sealed interface RunEvent {

    /** Hands the event to the visitor's method for its kind: Java 17 has no pattern switch, and a visitor misses none. */
    <T> T accept(Visitor<T> visitor);

    /** One method per kind of event. */
    interface Visitor<T> {
        T submitted(RunSubmitted event);

        T gateDecided(GateDecided event);

        T stepChanged(StepChanged event);

        T healingActed(HealingActed event);

        T statusChanged(StatusChanged event);
    }

    /** The run was submitted with its plan. */
    record RunSubmitted(Run run) implements RunEvent {
        public <T> T accept(Visitor<T> visitor) {
            return visitor.submitted(this);
        }
    }

    /** A gate decided (or its approval deadline was escalated). */
    record GateDecided(GateResult gate) implements RunEvent {
        public <T> T accept(Visitor<T> visitor) {
            return visitor.gateDecided(this);
        }
    }

    /** A step moved from {@code was} to {@code step}: it started, ended, or its undoing went on. */
    record StepChanged(Step was, Step step) implements RunEvent {
        public <T> T accept(Visitor<T> visitor) {
            return visitor.stepChanged(this);
        }
    }

    /** The healing engine or a person acted on a failure, with the reason. */
    record HealingActed(HealingAction action) implements RunEvent {
        public <T> T accept(Visitor<T> visitor) {
            return visitor.healingActed(this);
        }
    }

    /** The run's status changed; its reason and outcome are those the run has once saved. */
    record StatusChanged(RunStatus from, RunStatus to) implements RunEvent {
        public <T> T accept(Visitor<T> visitor) {
            return visitor.statusChanged(this);
        }
    }
}

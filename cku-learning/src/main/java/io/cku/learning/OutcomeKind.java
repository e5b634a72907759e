package io.cku.learning;

import java.util.Locale;

/** How a run ended, as the learning loop counts it. Cancelled runs and runs a person rejected are recorded, not learned from. */
public enum OutcomeKind {
    SUCCESS, PARTIAL, FAILURE, CANCELLED, REJECTED_BY_HUMAN;

    /** Whether the run's step attempts say something about its skills and targets. */
    public boolean learnedFrom() {
        return this == SUCCESS || this == PARTIAL || this == FAILURE;
    }

    /** As the API and the meters write it: {@code success}, {@code rejected-by-human} … */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static OutcomeKind fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}

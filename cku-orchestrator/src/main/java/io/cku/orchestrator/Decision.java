package io.cku.orchestrator;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a person decides for a run waiting for a decision after a failure. */
public enum Decision {
    /** Attempt the failed step (or compensation) again, with a fresh retry budget. */
    RETRY,
    /** Undo the completed steps in reverse order. */
    ROLLBACK,
    /** Go on without the failed step (or without undoing this step). */
    SKIP,
    /** End the run FAILED as it stands, undoing nothing more. */
    ABORT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Decision> fromWireName(String value) {
        return Arrays.stream(values()).filter(d -> d.wireName().equals(value)).findFirst();
    }
}

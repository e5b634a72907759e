package io.cku.shared;

/** What a governance gate decides about a run. */
public enum Verdict {
    /** The run may go on to the next gate. */
    PASS,
    /** The run waits for humans. */
    PAUSE,
    /** The run ends REJECTED. */
    REJECT
}

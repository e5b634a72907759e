package io.cku.orchestrator;

import java.util.EnumSet;
import java.util.Set;

/** Where a run is in its lifecycle; the last six states are terminal and never change again. */
public enum RunStatus {
    PENDING, GATING, AWAITING_APPROVAL, RUNNING, HEALING, AWAITING_DECISION,
    SUCCEEDED, PARTIAL, FAILED, ROLLED_BACK, REJECTED, CANCELLED;

    private static final Set<RunStatus> TERMINAL = EnumSet.of(SUCCEEDED, PARTIAL, FAILED, ROLLED_BACK, REJECTED, CANCELLED);
    private static final Set<RunStatus> WORKABLE = EnumSet.of(PENDING, GATING, RUNNING, HEALING);

    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }

    /** Whether a worker has something to do for a run in this state, without waiting for a person (HEALING: when due). */
    public boolean isWorkable() {
        return WORKABLE.contains(this);
    }
}

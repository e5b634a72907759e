package io.cku.governance.freeze;

/** What the CHANGE_WINDOW gate does with a run that arrives during a freeze; later constants are more severe. */
public enum FreezeAction {

    /** Hold the run until the freeze ends or an approver overrides it. */
    PAUSE,

    /** Refuse the run outright. */
    REJECT
}

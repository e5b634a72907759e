package io.cku.governance;

/** The gate SPI: one governance check that passes, pauses or rejects a run. */
public interface Gate {

    /** Which of the nine gates this is. */
    GateName name();

    /** Decides about the run; never throws for a decision it can state as a verdict. */
    GateDecision evaluate(GateContext context);
}

package io.cku.orchestrator;

import java.util.List;

/** The port through which the orchestrator has a run's gates evaluated. */
public interface RunGates {

    /** The gates' decisions in order, up to the first that does not pass. */
    List<GateResult> evaluate(Run run);
}

package io.cku.orchestrator;

import java.time.Instant;
import java.util.List;

/** The port through which the orchestrator has a run's gates evaluated. */
public interface RunGates {

    /** The gates' decisions in order, up to the first that does not pass. */
    List<GateResult> evaluate(Run run);

    /** When a wait for people that starts now ends, for this run's mode (a paused gate's, or a checkpoint step's). */
    Instant approvalDeadline(Run run, Instant now);
}

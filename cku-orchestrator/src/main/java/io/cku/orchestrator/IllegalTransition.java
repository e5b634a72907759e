package io.cku.orchestrator;

/** The run is not in a state that allows the requested change. */
public class IllegalTransition extends RuntimeException {

    private final RunStatus status;

    public IllegalTransition(RunStatus status, String message) {
        super(message);
        this.status = status;
    }

    /** The state the run was in when the change was refused. */
    public RunStatus status() {
        return status;
    }
}

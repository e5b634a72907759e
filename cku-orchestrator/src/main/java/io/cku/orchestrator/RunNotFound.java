package io.cku.orchestrator;

/** No run has that id. */
public class RunNotFound extends RuntimeException {

    public RunNotFound(String id) {
        super("no run has the id '" + id + "'");
    }
}

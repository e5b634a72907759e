package io.cku.orchestrator;

/** The idempotency key was already used for a run with a different request body. */
public class IdempotencyConflict extends RuntimeException {

    private final RunId existing;

    public IdempotencyConflict(String key, RunId existing) {
        super("the Idempotency-Key '" + key + "' was already used for run " + existing + " with a different request body");
        this.existing = existing;
    }

    public RunId existing() {
        return existing;
    }
}

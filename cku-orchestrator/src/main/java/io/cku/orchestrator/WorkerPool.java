package io.cku.orchestrator;

/** This instance's run workers, as a readiness check sees them. */
public interface WorkerPool {

    /** Whether the workers are started and claiming runs (false before the start and once a stop began). */
    boolean running();

    /** How many worker threads this instance runs ({@code cku.orchestrator.workers}). */
    int size();
}

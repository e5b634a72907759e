package io.cku.orchestrator;

/**
 * Where a step is: waiting, executing, waiting for its next attempt, ended one way or another, or being undone when its run
 * rolls back.
 */
public enum StepStatus {
    PENDING, RUNNING, RETRY_SCHEDULED, SUCCEEDED, FAILED, SKIPPED, CANCELLED,
    COMPENSATING, COMPENSATED, COMPENSATION_FAILED, COMPENSATION_SKIPPED
}

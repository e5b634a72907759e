package io.cku.orchestrator;

/** Where a step is: waiting, executing, or ended one way or another. */
public enum StepStatus {
    PENDING, RUNNING, SUCCEEDED, FAILED, SKIPPED, CANCELLED
}

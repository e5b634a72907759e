package io.cku.shared.api;

import java.time.Instant;

/**
 * One attempt of a step.
 *
 * @param outcome SUCCEEDED or FAILED
 * @param classification TRANSIENT or PERMANENT for a failed attempt
 * @param delayBeforeNextMs how long the step waited after this attempt before the next one; null when none was scheduled
 */
public record AttemptView(
        int number,
        Instant startedAt,
        Instant finishedAt,
        String outcome,
        String classification,
        String errorType,
        String error,
        Long delayBeforeNextMs,
        Instant nextAttemptAt) {
}

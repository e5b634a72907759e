package io.cku.shared.api;

import java.time.Instant;
import java.util.List;

/**
 * One step of a run and how its execution went.
 *
 * @param retry the step's complete retry policy
 * @param nextAttemptAt when the next attempt is due, while the step waits for a retry
 * @param attemptLog every attempt that ended, oldest first: when, how, classified how, and the wait before the next
 * @param compensate how the step is undone when the run rolls back; null when nothing undoes it
 */
public record StepView(
        String name,
        String skill,
        boolean optional,
        String status,
        int attempts,
        Instant startedAt,
        Instant finishedAt,
        Object output,
        String error,
        RetrySpec retry,
        Instant nextAttemptAt,
        List<AttemptView> attemptLog,
        CompensationView compensate,
        String compensationError) {
}

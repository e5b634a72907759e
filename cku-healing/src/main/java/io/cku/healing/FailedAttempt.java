package io.cku.healing;

import java.time.Instant;
import java.util.Objects;

import io.cku.shared.FailureClass;

/**
 * A failed attempt of a step and what the engine needs to know to decide what happens next.
 *
 * @param optional the run may go on without this step
 * @param decisionMode a person decides when retrying does not help (see {@link HealingEngine#decides})
 * @param attemptsInWindow attempts since the retry window started, the failed one included
 * @param windowStart when the first attempt of the window started
 * @param errorType the failure's type, e.g. {@code http-503} or {@code exit-1}; null when unknown
 * @param anythingToUndo completed steps of the run have compensations
 * @param idempotent running the step again has the effect of running it once; when not, only a failure that shows the work
 *     was not done (a retry-safe error type) is retried
 * @param notBefore no retry starts before this (an open circuit's end); null when nothing holds it back
 */
public record FailedAttempt(
        String skill,
        boolean optional,
        boolean decisionMode,
        RetryPolicy policy,
        int attemptsInWindow,
        Instant windowStart,
        FailureClass classification,
        String errorType,
        boolean anythingToUndo,
        Instant now,
        boolean idempotent,
        Instant notBefore) {

    /** An attempt of an idempotent step that nothing holds back. */
    public FailedAttempt(String skill, boolean optional, boolean decisionMode, RetryPolicy policy, int attemptsInWindow,
            Instant windowStart, FailureClass classification, String errorType, boolean anythingToUndo, Instant now) {
        this(skill, optional, decisionMode, policy, attemptsInWindow, windowStart, classification, errorType, anythingToUndo, now, true,
                null);
    }

    public FailedAttempt {
        Objects.requireNonNull(skill, "skill");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(classification, "classification");
        Objects.requireNonNull(now, "now");
        if (attemptsInWindow < 1) {
            throw new IllegalArgumentException("attemptsInWindow must be at least 1, was " + attemptsInWindow);
        }
    }
}

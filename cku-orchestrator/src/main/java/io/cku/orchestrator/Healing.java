package io.cku.orchestrator;

import java.time.Instant;

/**
 * What the healing engine decided after a failed attempt.
 *
 * @param retryAt when the next attempt is due; only for {@link Action#RETRY}
 * @param delayMs the wait before it; only for {@link Action#RETRY}
 * @param recommendation what a person should decide; only for {@link Action#AWAIT_DECISION}
 */
public record Healing(Action action, Instant retryAt, long delayMs, Decision recommendation, String reason) {

    public enum Action {
        /** Try again at {@code retryAt}. */
        RETRY,
        /** The step was optional: skip it and go on. */
        SKIP,
        /** Undo the completed steps in reverse order; the run ends ROLLED_BACK. */
        ROLLBACK,
        /** Wait for a person to choose a {@link Decision}. */
        AWAIT_DECISION,
        /** Nothing can be retried or undone: the run ends FAILED. */
        FAIL
    }

    public static Healing retry(Instant at, long delayMs, String reason) {
        return new Healing(Action.RETRY, at, delayMs, null, reason);
    }

    public static Healing of(Action action, String reason) {
        return new Healing(action, null, 0, null, reason);
    }

    public static Healing awaitDecision(Decision recommendation, String reason) {
        return new Healing(Action.AWAIT_DECISION, null, 0, recommendation, reason);
    }
}

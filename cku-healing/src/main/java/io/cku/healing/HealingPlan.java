package io.cku.healing;

import java.time.Instant;

/** What happens to a step after a failed attempt, and why in words a person can read. */
public sealed interface HealingPlan {

    /** Why this plan, e.g. {@code attempt 2 of 3 failed (http-503, transient); next attempt in 2000 ms}. */
    String reason();

    /** Try the step again at {@code at}, {@code delayMs} after the failure. */
    record Retry(Instant at, long delayMs, String reason) implements HealingPlan {
    }

    /** Leave the optional step out and go on with the run. */
    record Skip(String reason) implements HealingPlan {
    }

    /** Undo the completed steps through their compensations, then fail the run. */
    record Rollback(String reason) implements HealingPlan {
    }

    /**
     * Pause the run until a person decides.
     *
     * @param recommendation what the engine would do: {@code retry}, {@code rollback}, {@code skip} or {@code abort}
     */
    record AwaitDecision(String recommendation, String reason) implements HealingPlan {
    }

    /** Fail the run; there is nothing to undo. */
    record Fail(String reason) implements HealingPlan {
    }
}

package io.cku.governance;

import java.time.Instant;

/**
 * A person's decision on a paused gate, or on a human checkpoint step of the plan.
 *
 * @param gate the paused gate; null for a decision on a step
 * @param step the checkpoint step decided on; null for a decision on a gate
 * @param attempt which wait at the step it was (a step retried after a refusal waits again); 0 for a gate
 * @param actor the approver's qualified name, such as {@code user:alice}
 */
public record Approval(GateName gate, String step, int attempt, String actor, boolean approved, String reason, Instant decidedAt) {

    /** A decision on a paused gate. */
    public Approval(GateName gate, String actor, boolean approved, String reason, Instant decidedAt) {
        this(gate, null, 0, actor, approved, reason, decidedAt);
    }

    /** A decision on a checkpoint step's {@code attempt}-th wait. */
    public static Approval ofStep(String step, int attempt, String actor, boolean approved, String reason, Instant decidedAt) {
        return new Approval(null, step, attempt, actor, approved, reason, decidedAt);
    }
}

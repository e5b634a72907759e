package io.cku.governance;

import java.time.Instant;

/**
 * A person's decision on a paused gate.
 *
 * @param actor the approver's qualified name, such as {@code user:alice}
 */
public record Approval(GateName gate, String actor, boolean approved, String reason, Instant decidedAt) {
}

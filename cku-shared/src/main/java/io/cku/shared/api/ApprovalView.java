package io.cku.shared.api;

import java.time.Instant;

/**
 * A person's decision on a paused gate, or (gate {@code STEP}) on a checkpoint step: {@code decision} is APPROVED or REJECTED.
 *
 * @param step the checkpoint step decided on; null for a gate
 */
public record ApprovalView(String gate, String step, String actor, String decision, String reason, Instant decidedAt) {
}

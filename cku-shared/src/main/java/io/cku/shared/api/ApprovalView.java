package io.cku.shared.api;

import java.time.Instant;

/** A person's decision on a paused gate: {@code decision} is APPROVED or REJECTED. */
public record ApprovalView(String gate, String actor, String decision, String reason, Instant decidedAt) {
}

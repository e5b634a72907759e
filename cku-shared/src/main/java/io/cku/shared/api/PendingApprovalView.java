package io.cku.shared.api;

import java.time.Instant;
import java.util.List;

/**
 * A run waiting at a gate, or (gate {@code STEP}) at a checkpoint step: since when, until when, how many approvals it needs and
 * which it has.
 *
 * @param step the checkpoint step waited at; null for a gate
 */
public record PendingApprovalView(String runId, String intent, String mode, String submittedBy, String gate, String step, String reason,
        Instant waitingSince, Instant deadline, int approvalsNeeded, List<ApprovalView> approvals) {
}

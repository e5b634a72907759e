package io.cku.shared.api;

import java.time.Instant;
import java.util.List;

/** A run waiting at a gate: since when, until when, how many approvals it needs and which it has. */
public record PendingApprovalView(String runId, String intent, String mode, String submittedBy, String gate, String reason,
        Instant waitingSince, Instant deadline, int approvalsNeeded, List<ApprovalView> approvals) {
}

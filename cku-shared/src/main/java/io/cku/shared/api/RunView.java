package io.cku.shared.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/** A run as the API shows it: its state, every gate decision and every step. */
public record RunView(
        String id,
        String tenant,
        String submittedBy,
        String intent,
        String mode,
        String status,
        String reason,
        Map<String, String> labels,
        Map<String, Object> evidence,
        Instant createdAt,
        Instant updatedAt,
        @Schema(description = "Grows with every stored change of the run; pass it as `waitForChangeAfter` to wait for the next",
                example = "7") long version,
        List<GateView> gates,
        List<ApprovalView> approvals,
        List<StepView> steps,
        String outcome,
        String recommendation,
        List<HealingActionView> healing,
        @Schema(description = "The version of your tenant's policy the POLICY gate evaluated; null until it decided, or when "
                + "the tenant had no policy", example = "7") Integer policyVersion) {
}

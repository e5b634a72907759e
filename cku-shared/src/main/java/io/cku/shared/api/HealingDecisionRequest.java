package io.cku.shared.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

/** A person's decision for a run waiting after a failure: {@code retry}, {@code rollback}, {@code skip} or {@code abort}, and why. */
@Schema(description = "How a run waiting after a failure goes on, and why.")
public record HealingDecisionRequest(
        @Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = {"retry", "rollback", "skip", "abort"}) String action,
        @Schema(requiredMode = RequiredMode.REQUIRED, example = "the upstream outage is over") String reason) {
}

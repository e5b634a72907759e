package io.cku.shared.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

/** A person's approval or rejection of a paused gate: the reason is required and recorded. */
@Schema(description = "A decision's reason, recorded in the audit log.")
public record DecisionRequest(@Schema(requiredMode = RequiredMode.REQUIRED, example = "reviewed the plan with the team") String reason) {
}

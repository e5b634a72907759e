package io.cku.shared.api;

import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

/** The ordered steps of a submitted run. */
@Schema(description = "The ordered steps of a run.")
public record PlanRequest(
        @ArraySchema(minItems = 1, maxItems = 100, schema = @Schema(implementation = StepRequest.class),
                arraySchema = @Schema(description = "Run in this order; names are unique in the plan",
                        requiredMode = RequiredMode.REQUIRED)) List<StepRequest> steps) {
}

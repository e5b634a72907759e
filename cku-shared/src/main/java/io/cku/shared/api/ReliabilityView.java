package io.cku.shared.api;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * How reliable one key is: a Beta(successes + 1, failures + 1) model of its step attempts, the counts decayed with the
 * configured half-life.
 */
@Schema(description = "How reliable a (skill, target, mode) key is: a Beta model of its step attempts, decayed with a half-life")
public record ReliabilityView(
        String skill,
        @Schema(description = "What the skill acts on: `host:port` for http, the command for shell, `-` for none") String target,
        String mode,
        @Schema(description = "Step attempts observed (not decayed)") long observations,
        @Schema(description = "Successful attempts, decayed to now") double successes,
        @Schema(description = "Failed attempts, decayed to now") double failures,
        @Schema(description = "The model's mean: (successes + 1) / (successes + failures + 2)") double score,
        @Schema(description = "The 95% lower bound of the success rate (Wilson score interval); 0 with no observation")
        double lowerBound,
        Instant lastObservedAt) {
}

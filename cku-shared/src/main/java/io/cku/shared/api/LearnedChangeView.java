package io.cku.shared.api;

import java.time.Instant;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/** One change the policy learner made to a tenant's policy, with why. */
@Schema(description = "A change the learning loop made to your policy: a learned rule added or withdrawn, with its evidence")
public record LearnedChangeView(
        long id,
        @Schema(allowableValues = {"rule-added", "rule-withdrawn", "rule-removed-by-person"}) String kind,
        String skill,
        String target,
        @Schema(description = "The policy version it published; null when none was published") Integer policyVersion,
        @Schema(description = "The key, counts, score, threshold, the runs that were the evidence and the settings used")
        Map<String, Object> explanation,
        Instant at) {
}

package io.cku.shared.api;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One version of a tenant's policy rules.
 *
 * @param source who published the version: {@code learned} (the learning loop, as {@value #LEARNING_AUTHOR}) or {@code person}
 */
public record PolicyView(String tenant, int version, boolean active, List<PolicyRequest.RuleRequest> rules, String reason,
        String createdBy, Instant createdAt,
        @Schema(description = "Who published the version: `learned` (the learning loop) or `person`",
                allowableValues = {"person", "learned"}) String source) {

    /** The author of versions the learning loop publishes. */
    public static final String LEARNING_AUTHOR = "system:learning";

    /** A version as stored: its source follows from its author. */
    public PolicyView(String tenant, int version, boolean active, List<PolicyRequest.RuleRequest> rules, String reason,
            String createdBy, Instant createdAt) {
        this(tenant, version, active, rules, reason, createdBy, createdAt,
                LEARNING_AUTHOR.equals(createdBy) ? PolicyRequest.LEARNED : "person");
    }
}

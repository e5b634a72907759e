package io.cku.shared.api;

import java.time.Instant;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/** Something the learning loop found in a tenant's outcomes. */
@Schema(description = "A pattern the learning loop found in your outcomes: an unreliable key, a key that recovers on a later "
        + "attempt, or a gate that pauses most runs and is always approved (reported for people to act on, never acted on)")
public record PatternView(
        long id,
        @Schema(allowableValues = {"unreliable-key", "recovers-on-attempt", "gate-always-approved"}) String kind,
        @Schema(description = "What it is about: `skill on target` for a key, the gate's name for a gate") String subject,
        @Schema(description = "One sentence with the figures") String summary,
        @Schema(description = "The figures and the settings they were judged by") Map<String, Object> details,
        Instant firstDetectedAt,
        Instant lastSeenAt,
        @Schema(description = "When it stopped holding; null while it holds") Instant resolvedAt) {
}

package io.cku.shared.api;

import java.time.Instant;
import java.util.Map;

/** A run as listings show it, without its gates and steps. */
public record RunSummary(
        String id,
        String intent,
        String mode,
        String status,
        Map<String, String> labels,
        Instant createdAt,
        Instant updatedAt,
        String outcome) {
}

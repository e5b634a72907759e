package io.cku.shared.api;

import java.time.Instant;
import java.util.List;

/** One version of a tenant's policy rules. */
public record PolicyView(String tenant, int version, boolean active, List<PolicyRequest.RuleRequest> rules, String reason,
        String createdBy, Instant createdAt) {
}

package io.cku.shared.api;

import java.time.Instant;
import java.util.List;

/** A user as administrators see it; never the password hash. */
public record UserView(String username, String tenant, List<String> roles, boolean enabled, String createdBy, Instant createdAt,
        Instant updatedAt) {
}

package io.cku.shared.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A service account. {@code apiKey} is present only in the answer that created it: only its hash is stored.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceAccountView(String id, String name, String tenant, List<String> roles, String createdBy, Instant createdAt,
        Instant revokedAt, String apiKey) {

    /** The same account without its key. */
    public ServiceAccountView withoutKey() {
        return new ServiceAccountView(id, name, tenant, roles, createdBy, createdAt, revokedAt, null);
    }
}

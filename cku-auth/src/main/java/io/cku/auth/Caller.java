package io.cku.auth;

import java.time.Instant;
import java.util.Set;

import io.cku.shared.Actor;
import io.cku.shared.Role;
import io.cku.shared.TenantId;

/**
 * An identity proven by a valid access token, with the roles its account holds now (not when the token was issued).
 *
 * @param tokenId the token's {@code jti}
 * @param sessionId the login session the token was issued in ({@code sid}); null for a service account, which has none
 */
public record Caller(Actor actor, Set<Role> roles, String tokenId, Instant expiresAt, String sessionId) {

    public Caller {
        roles = Set.copyOf(roles);
    }

    public TenantId tenant() {
        return actor.tenant();
    }
}

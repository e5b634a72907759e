package io.cku.auth;

import java.time.Instant;
import java.util.Set;

import io.cku.shared.Actor;
import io.cku.shared.Role;
import io.cku.shared.TenantId;

/** Something that happened to identities or tokens: who did it, why, and when. Published for the audit log. */
public sealed interface SecurityEvent {

    Actor actor();

    String reason();

    Instant at();

    /** A password or API key was accepted. */
    record LoginSucceeded(Actor actor, String method, String client, String reason, Instant at) implements SecurityEvent {
    }

    /** A login was refused; {@code actor} is whom the caller claimed to be. */
    record LoginFailed(Actor actor, String method, String client, String reason, Instant at) implements SecurityEvent {
    }

    /** An access token was signed. */
    record TokenIssued(Actor actor, String tokenId, Instant expiresAt, String reason, Instant at) implements SecurityEvent {
    }

    /** A refresh token was used up for the next pair of its session ({@code sessionId}); {@code tokenId} is the new access token. */
    record TokenRefreshed(Actor actor, String sessionId, String tokenId, Instant expiresAt, String client, String reason, Instant at)
            implements SecurityEvent {
    }

    /** A refresh token was presented again after it had been used: taken as theft, its whole session was ended. */
    record RefreshTokenReused(Actor actor, String sessionId, String client, String reason, Instant at) implements SecurityEvent {
    }

    /**
     * A session was ended before it expired: by its owner ({@code actor} is {@code owner}), or by an administrator who disabled
     * the owner. {@code sessionId} is null for a service account's token, {@code tokenId} null when no one token was named.
     */
    record SessionRevoked(Actor actor, Actor owner, String sessionId, String tokenId, String reason, Instant at)
            implements SecurityEvent {
    }

    /** A tenant came into being with its first account. */
    record TenantCreated(Actor actor, TenantId tenant, String reason, Instant at) implements SecurityEvent {
    }

    /** An administrator (or the bootstrap) created a user. */
    record UserCreated(Actor actor, String username, TenantId tenant, Set<Role> roles, String reason, Instant at)
            implements SecurityEvent {
    }

    /** An administrator changed a user's roles or enabled state. */
    record UserChanged(Actor actor, String username, TenantId tenant, Set<Role> roles, boolean enabled, String reason, Instant at)
            implements SecurityEvent {
    }

    /** An administrator created a service account (its key is not part of the event). */
    record ServiceAccountCreated(Actor actor, String name, TenantId tenant, Set<Role> roles, String reason, Instant at)
            implements SecurityEvent {
    }

    /** An administrator revoked a service account; its key and tokens stop working. */
    record ServiceAccountRevoked(Actor actor, String name, TenantId tenant, String reason, Instant at) implements SecurityEvent {
    }
}

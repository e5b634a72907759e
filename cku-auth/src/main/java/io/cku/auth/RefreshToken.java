package io.cku.auth;

import java.time.Instant;

/**
 * An opaque refresh token, good for one use; only its hash is stored. It expires with its session ({@code expiresAt}), not
 * later however often the session is refreshed.
 */
public record RefreshToken(String value, Instant expiresAt, long expiresInSeconds) {
}

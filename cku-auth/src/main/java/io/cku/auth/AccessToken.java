package io.cku.auth;

import java.time.Instant;

/** A signed access token, its id ({@code jti}) and when it stops being valid. */
public record AccessToken(String value, String id, Instant expiresAt, long expiresInSeconds) {
}

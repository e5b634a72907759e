package io.cku.shared.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code POST /auth/refresh}: the refresh token of the last login or refresh (RFC 6749 §6 names the field). */
public record RefreshRequest(@JsonProperty("refresh_token") String refreshToken) {
}

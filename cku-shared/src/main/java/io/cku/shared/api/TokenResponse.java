package io.cku.shared.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An access token in the OAuth 2.0 shape (RFC 6749 §5.1). */
public record TokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") long expiresIn) {
}

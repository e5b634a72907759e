package io.cku.shared.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.swagger.v3.oas.annotations.media.Schema;

/** An access token in the OAuth 2.0 shape (RFC 6749 §5.1). */
@Schema(description = "An access token in the OAuth 2.0 shape (RFC 6749 §5.1): send it as `Authorization: Bearer <access_token>`.")
public record TokenResponse(
        @Schema(example = "eyJraWQiOi...") @JsonProperty("access_token") String accessToken,
        @Schema(example = "Bearer") @JsonProperty("token_type") String tokenType,
        @Schema(description = "Seconds until the token expires", example = "900") @JsonProperty("expires_in") long expiresIn) {
}

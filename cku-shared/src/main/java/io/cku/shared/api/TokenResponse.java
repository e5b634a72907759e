package io.cku.shared.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An access token in the OAuth 2.0 shape (RFC 6749 §5.1), with a refresh token for a user's login (a service account gets
 * none: it presents its API key again).
 */
@Schema(description = "An access token in the OAuth 2.0 shape (RFC 6749 §5.1): send it as `Authorization: Bearer <access_token>`. "
        + "A user's login also gets a refresh token for POST /auth/refresh; a service account gets none.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenResponse(
        @Schema(example = "eyJraWQiOi...") @JsonProperty("access_token") String accessToken,
        @Schema(example = "Bearer") @JsonProperty("token_type") String tokenType,
        @Schema(description = "Seconds until the access token expires", example = "900") @JsonProperty("expires_in") long expiresIn,
        @Schema(description = "Opaque, single use: POST /auth/refresh exchanges it for a new pair (absent for service accounts)",
                example = "ckr_3q2+7w...") @JsonProperty("refresh_token") String refreshToken,
        @Schema(description = "Seconds until the session ends and the refresh token stops working", example = "43200")
                @JsonProperty("refresh_expires_in") Long refreshExpiresIn) {

    /** An access token alone. */
    public TokenResponse(String accessToken, String tokenType, long expiresIn) {
        this(accessToken, tokenType, expiresIn, null, null);
    }
}

package io.cku.shared.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code POST /auth/refresh}: the refresh token of the last login or refresh (RFC 6749 §6 names the field). */
@Schema(description = "The refresh token of the last login or refresh; at most 1024 characters.",
        example = "{\"refresh_token\": \"ckr_3q2+7w...\"}")
public record RefreshRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "ckr_3q2+7w...") @JsonProperty("refresh_token") String refreshToken) {
}

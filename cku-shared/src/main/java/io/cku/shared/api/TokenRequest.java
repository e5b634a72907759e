package io.cku.shared.api;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code POST /auth/token}: either a username and password, or a service account's API key. */
@Schema(description = "Either `username` and `password`, or a service account's `apiKey`; each at most 1024 characters.",
        example = "{\"username\": \"admin\", \"password\": \"<the password>\"}")
public record TokenRequest(String username, String password, @Schema(example = "cku_JeGfOL...") String apiKey) {
}

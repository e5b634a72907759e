package io.cku.shared.api;

import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

/** {@code POST /admin/users}. {@code tenant} defaults to the administrator's own; {@code reason} is recorded. */
@Schema(description = "A new user; `tenant` defaults to the administrator's own, `reason` is recorded.")
public record UserRequest(
        @Schema(requiredMode = RequiredMode.REQUIRED, minLength = 1, maxLength = 64, example = "dana",
                description = "letters, digits or . _ @ -, starting with a letter or digit; stored in lower case") String username,
        @Schema(requiredMode = RequiredMode.REQUIRED, minLength = 12, description = "at least 12 characters, at most 72 bytes in UTF-8",
                example = "a-long-enough-password") String password,
        @Schema(example = "payments") String tenant,
        @ArraySchema(schema = @Schema(allowableValues = {"VIEWER", "OPERATOR", "APPROVER", "ADMIN"})) List<String> roles,
        @Schema(maxLength = 500, example = "joins the payments team") String reason) {
}

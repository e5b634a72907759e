package io.cku.shared.api;

import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

/** {@code POST /admin/service-accounts}. {@code tenant} defaults to the administrator's own; {@code reason} is recorded. */
@Schema(description = "A new service account; `tenant` defaults to the administrator's own, `reason` is recorded.")
public record ServiceAccountRequest(
        @Schema(requiredMode = RequiredMode.REQUIRED, minLength = 1, maxLength = 64,
                description = "letters, digits or . _ @ -, starting with a letter or digit; stored in lower case", example = "github-actions") String name,
        @Schema(example = "payments") String tenant,
        @ArraySchema(schema = @Schema(allowableValues = {"VIEWER", "OPERATOR", "APPROVER", "ADMIN"})) List<String> roles,
        @Schema(maxLength = 500, example = "CI deploys") String reason) {
}

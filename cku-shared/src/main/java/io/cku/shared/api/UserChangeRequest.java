package io.cku.shared.api;

import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/** {@code PATCH /admin/users/{username}}: the fields to change (absent ones stay), and why. */
@Schema(description = "The fields to change (absent ones stay), and why.", example = "{\"roles\": [\"APPROVER\"], \"reason\": \"on call\"}")
public record UserChangeRequest(
        @ArraySchema(schema = @Schema(allowableValues = {"VIEWER", "OPERATOR", "APPROVER", "ADMIN"})) List<String> roles,
        Boolean enabled,
        @Schema(maxLength = 500) String reason) {
}

package io.cku.shared.api;

import java.util.List;

/** {@code PATCH /admin/users/{username}}: the fields to change (absent ones stay), and why. */
public record UserChangeRequest(List<String> roles, Boolean enabled, String reason) {
}

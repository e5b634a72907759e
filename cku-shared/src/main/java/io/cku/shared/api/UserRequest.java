package io.cku.shared.api;

import java.util.List;

/** {@code POST /admin/users}. {@code tenant} defaults to the administrator's own; {@code reason} is recorded. */
public record UserRequest(String username, String password, String tenant, List<String> roles, String reason) {
}

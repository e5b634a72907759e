package io.cku.shared.api;

import java.util.List;

/** {@code POST /admin/service-accounts}. {@code tenant} defaults to the administrator's own; {@code reason} is recorded. */
public record ServiceAccountRequest(String name, String tenant, List<String> roles, String reason) {
}

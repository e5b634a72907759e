package io.cku.policy;

import java.util.Arrays;
import java.util.Optional;

/** What a caller may do. Routes declare one; roles grant a set of them through {@link RolePermissions}. */
public enum Permission {
    RUNS_READ("runs:read"),
    RUNS_SUBMIT("runs:submit"),
    RUNS_SUBMIT_PROD("runs:submit:prod"),
    RUNS_CANCEL("runs:cancel"),
    APPROVALS_DECIDE("approvals:decide"),
    AUDIT_READ("audit:read"),
    METRICS_READ("metrics:read"),
    ADMIN("admin");

    private final String wireName;

    Permission(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in configuration, tokens and documentation, such as {@code runs:submit:prod}. */
    public String wireName() {
        return wireName;
    }

    /** The permission with this wire name, or empty when there is none. */
    public static Optional<Permission> fromWireName(String value) {
        return Arrays.stream(values()).filter(permission -> permission.wireName.equals(value)).findFirst();
    }
}

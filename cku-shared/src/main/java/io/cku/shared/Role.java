package io.cku.shared;

import java.util.Arrays;
import java.util.Optional;

/** The roles a user or service account can hold; what each may do is decided by the policy module. */
public enum Role {
    VIEWER, OPERATOR, APPROVER, ADMIN;

    /** The role with this name (any case), or empty when there is none. */
    public static Optional<Role> named(String name) {
        return Arrays.stream(values()).filter(role -> role.name().equalsIgnoreCase(name)).findFirst();
    }
}

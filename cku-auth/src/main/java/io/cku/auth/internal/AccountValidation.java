package io.cku.auth.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.cku.shared.InvalidRequest;
import io.cku.shared.InvalidRequest.Violation;
import io.cku.shared.Role;
import io.cku.shared.TenantId;

/** Checks account fields and collects every violation, so one answer lists all that is wrong. */
final class AccountValidation {

    static final int MIN_PASSWORD_CHARS = 12;
    /** bcrypt reads at most 72 bytes: a longer password would be silently cut. */
    static final int MAX_PASSWORD_BYTES = 72;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,63}");
    private static final int MAX_REASON_CHARS = 500;

    private final List<Violation> violations = new ArrayList<>();

    String name(String field, String value) {
        if (value == null || value.isBlank()) {
            return fail(field, "is required");
        }
        String name = value.trim().toLowerCase(Locale.ROOT);
        if (!NAME.matcher(name).matches()) {
            return fail(field, "must be 1-64 letters, digits or . _ @ -, starting with a letter or digit");
        }
        return name;
    }

    String password(String field, String value) {
        if (value == null || value.length() < MIN_PASSWORD_CHARS) {
            return fail(field, "must have at least " + MIN_PASSWORD_CHARS + " characters");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            return fail(field, "must be at most " + MAX_PASSWORD_BYTES + " bytes in UTF-8");
        }
        return value;
    }

    TenantId tenant(String field, String value, TenantId fallback) {
        if (value == null) {
            return fallback;
        }
        if (!TenantId.isValid(value)) {
            violations.add(new Violation(field, "must be 1-63 lower-case letters, digits or '-'"));
            return fallback;
        }
        return new TenantId(value);
    }

    Set<Role> roles(String field, List<String> names, boolean required) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (names == null || names.isEmpty()) {
            if (required) {
                fail(field, "must name at least one of " + List.of(Role.values()));
            }
            return roles;
        }
        for (String name : names) {
            Optional<Role> role = Role.named(name);
            role.ifPresentOrElse(roles::add, () -> fail(field, "unknown role '" + name + "'; roles are " + List.of(Role.values())));
        }
        return roles;
    }

    String reason(String value, String fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        if (value.length() > MAX_REASON_CHARS) {
            return fail("reason", "must be at most " + MAX_REASON_CHARS + " characters");
        }
        return value.trim();
    }

    void check(boolean condition, String field, String message) {
        if (!condition) {
            fail(field, message);
        }
    }

    /** Throws {@link InvalidRequest} when anything was wrong. */
    void throwIfInvalid() {
        if (!violations.isEmpty()) {
            throw new InvalidRequest(violations);
        }
    }

    private <T> T fail(String field, String message) {
        violations.add(new Violation(field, message));
        return null;
    }
}

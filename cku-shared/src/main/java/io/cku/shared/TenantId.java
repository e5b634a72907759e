package io.cku.shared;

import java.util.regex.Pattern;

/** The tenant that owns users, service accounts and runs; every read and write is scoped by one. */
public record TenantId(String value) {

    private static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    /** The tenant created on first start, home of the bootstrap administrator. */
    public static final TenantId DEFAULT = new TenantId("default");

    public TenantId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("a tenant id is 1-63 lower-case letters, digits or '-', starting with a letter or digit");
        }
    }

    /** Whether {@code value} is a well-formed tenant id. */
    public static boolean isValid(String value) {
        return value != null && FORMAT.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}

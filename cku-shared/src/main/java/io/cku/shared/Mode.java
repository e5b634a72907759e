package io.cku.shared;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The environment a run targets; each mode configures its own gates and thresholds. */
public enum Mode {
    DEV, STAGING, PROD;

    /** The lower-case name used on the wire, in configuration and in the database. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode with this wire name, or empty when there is none. */
    public static Optional<Mode> fromWireName(String value) {
        return Arrays.stream(values()).filter(mode -> mode.wireName().equals(value)).findFirst();
    }
}

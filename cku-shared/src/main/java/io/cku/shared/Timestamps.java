package io.cku.shared;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The service's clock, at the microsecond precision PostgreSQL stores, so stored and in-memory times compare equal. */
public final class Timestamps {

    private Timestamps() {
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}

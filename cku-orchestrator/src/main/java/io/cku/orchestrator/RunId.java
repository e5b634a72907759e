package io.cku.orchestrator;

import java.util.Objects;
import java.util.UUID;

/** The identity of a run. */
public record RunId(UUID value) {

    public RunId {
        Objects.requireNonNull(value, "value");
    }

    public static RunId random() {
        return new RunId(UUID.randomUUID());
    }

    /** Parses the textual form; throws {@link RunNotFound} for text that cannot name any run. */
    public static RunId parse(String text) {
        try {
            return new RunId(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            throw new RunNotFound(text);
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

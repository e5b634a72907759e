package io.cku.learning;

import java.util.Objects;

/**
 * One step attempt: what it tells about its key's reliability.
 *
 * @param target what the skill acted on ({@code host:port} for {@code http}, the command for {@code shell}, {@code -} for
 *        none)
 * @param failure the attempt's failure class ({@code transient}, {@code permanent}); null when it succeeded
 */
public record Observation(String skill, String target, int attempt, boolean succeeded, String failure) {

    public Observation {
        Objects.requireNonNull(skill, "skill");
        target = target == null || target.isBlank() ? "-" : target;
    }
}

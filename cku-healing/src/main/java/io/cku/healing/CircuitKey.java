package io.cku.healing;

import java.util.Objects;

/**
 * What a circuit breaker counts failures of: a skill calling one target.
 *
 * @param target the host, service or command the skill calls; empty when the skill has only one
 */
public record CircuitKey(String skill, String target) {

    public CircuitKey {
        if (skill == null || skill.isBlank()) {
            throw new IllegalArgumentException("skill must not be blank");
        }
        Objects.requireNonNull(target, "target");
    }
}

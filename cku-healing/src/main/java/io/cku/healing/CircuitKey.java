package io.cku.healing;

import java.util.Objects;

/**
 * What a circuit breaker counts failures of: one tenant's steps of a skill calling one target. Circuits are per tenant, so
 * one tenant's failures (a step with a one-millisecond timeout, say) never hold back another tenant's runs.
 *
 * @param target the host, service or command the skill calls; empty when the skill has only one
 */
public record CircuitKey(String tenant, String skill, String target) {

    public CircuitKey {
        Objects.requireNonNull(tenant, "tenant");
        if (skill == null || skill.isBlank()) {
            throw new IllegalArgumentException("skill must not be blank");
        }
        Objects.requireNonNull(target, "target");
    }
}

package io.cku.healing;

import java.time.Instant;
import java.util.Optional;

import io.cku.shared.FailureClass;

/**
 * Circuits per skill and target, shared across runs and instances: after {@code cku.healing.circuit.failure-threshold}
 * consecutive transient failures the circuit opens for the cool-down, and attempts fail fast without reaching the target.
 * Once the cool-down is over attempts go through again (half open): a success closes the circuit, a transient failure opens
 * it for another cool-down.
 */
public interface CircuitBreakers {

    /** Until when the circuit is open; empty when attempts may go through. */
    Optional<Instant> openUntil(CircuitKey key, Instant now);

    /** Counts an attempt that reached the target: {@code failure} null for a success. Returns the new state. */
    CircuitState record(CircuitKey key, FailureClass failure, Instant now);

    /**
     * @param consecutiveFailures transient failures in a row, the last counted included
     * @param openUntil when the circuit closes again; null while it is closed
     */
    record CircuitState(int consecutiveFailures, Instant openUntil) {

        public static final CircuitState CLOSED = new CircuitState(0, null);
    }
}

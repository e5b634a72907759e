package io.cku.healing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.cku.shared.FailureClass;

/**
 * Circuits per tenant, skill and target, shared across runs and instances: after
 * {@code cku.healing.circuit.failure-threshold} consecutive transient failures the circuit opens for the cool-down, and
 * attempts fail fast without reaching the target. Once the cool-down is over one attempt may go through (half open): its
 * success closes the circuit, its transient failure opens it for another cool-down; other attempts meanwhile still fail
 * fast.
 */
public interface CircuitBreakers {

    /**
     * Until when the circuit is open; empty when this attempt may go through. After the cool-down the first caller gets
     * through as the trial and the circuit stays open for the others until the trial's outcome is counted (or another
     * cool-down passes).
     */
    Optional<Instant> openUntil(CircuitKey key, Instant now);

    /**
     * Counts an attempt that reached the target: {@code failure} null for a success, PERMANENT for an answer that shows the
     * target works (it refused this request), TRANSIENT for a failure that counts towards opening.
     */
    void record(CircuitKey key, FailureClass failure, Instant now);

    /**
     * The tenant's circuits that saw failures lately, open ones first: a circuit absent here is closed with no failures
     * counted.
     */
    List<CircuitState> states(String tenant, Instant now);

    /**
     * A circuit as stored: {@code openUntil} empty while failures are still being counted (closed), in the past once the
     * cool-down is over (half open: the next attempt is the trial).
     */
    record CircuitState(CircuitKey key, int consecutiveFailures, Optional<Instant> openUntil, Instant updatedAt) {

        /** closed, open or half-open at {@code now}. */
        public String stateAt(Instant now) {
            return openUntil.map(until -> until.isAfter(now) ? "open" : "half-open").orElse("closed");
        }
    }
}

package io.cku.shared.api;

import java.util.List;

/**
 * A step's retry policy as requested; every field may be left out to take the default for the step's skill and the run's
 * mode. The delay before attempt n+1 is {@code initialIntervalMs * backoffCoefficient^(n-1)}, at most {@code maxIntervalMs},
 * varied by up to {@code jitter} (a fraction) either way but never past {@code maxIntervalMs}.
 *
 * @param maxAttempts attempts in all, the first included
 * @param maxElapsedMs no retry is scheduled later than this after the first attempt started
 * @param nonRetryableErrorTypes error types never retried, even when transient
 * @param source where the policy's attempts come from when the step asked for none: {@code learned} when the learning loop
 *        found that its target usually recovers on a later attempt; null otherwise (ignored in a request)
 */
public record RetrySpec(
        Integer maxAttempts,
        Long initialIntervalMs,
        Double backoffCoefficient,
        Long maxIntervalMs,
        Double jitter,
        Long maxElapsedMs,
        List<String> nonRetryableErrorTypes,
        String source) {

    /**
     * A policy a person or the configuration sets. (A factory, not a second constructor: configuration binding and JSON
     * need a record with one.)
     */
    public static RetrySpec of(Integer maxAttempts, Long initialIntervalMs, Double backoffCoefficient, Long maxIntervalMs, Double jitter,
            Long maxElapsedMs, List<String> nonRetryableErrorTypes) {
        return new RetrySpec(maxAttempts, initialIntervalMs, backoffCoefficient, maxIntervalMs, jitter, maxElapsedMs, nonRetryableErrorTypes,
                null);
    }

    /** This policy with {@code attempts} attempts in all, learned. */
    public RetrySpec learned(int attempts) {
        return new RetrySpec(attempts, initialIntervalMs, backoffCoefficient, maxIntervalMs, jitter, maxElapsedMs, nonRetryableErrorTypes,
                "learned");
    }
}

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
 */
public record RetrySpec(
        Integer maxAttempts,
        Long initialIntervalMs,
        Double backoffCoefficient,
        Long maxIntervalMs,
        Double jitter,
        Long maxElapsedMs,
        List<String> nonRetryableErrorTypes) {
}

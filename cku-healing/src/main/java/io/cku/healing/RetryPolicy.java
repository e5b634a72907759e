package io.cku.healing;

import java.util.ArrayList;
import java.util.List;

import io.cku.shared.api.RetrySpec;

/**
 * A step's retry policy with every field decided. The delay before the next attempt grows by {@code backoffCoefficient}
 * from {@code initialIntervalMs} up to {@code maxIntervalMs}, varied by {@code jitter} either way but never past
 * {@code maxIntervalMs}.
 *
 * @param maxAttempts attempts in all, the first included
 * @param maxElapsedMs no retry is scheduled later than this after the first attempt of the window started
 * @param nonRetryableErrorTypes error types never retried, even when transient
 */
public record RetryPolicy(
        int maxAttempts,
        long initialIntervalMs,
        double backoffCoefficient,
        long maxIntervalMs,
        double jitter,
        long maxElapsedMs,
        List<String> nonRetryableErrorTypes) {

    private static final long DAY_MS = 86_400_000L;
    private static final long WEEK_MS = 7 * DAY_MS;
    private static final int MAX_ERROR_TYPES = 50;
    private static final int MAX_ERROR_TYPE_CHARS = 100;

    public RetryPolicy {
        nonRetryableErrorTypes = nonRetryableErrorTypes == null ? List.of() : nonRetryableErrorTypes;
        List<String> problems = problems(RetrySpec.of(maxAttempts, initialIntervalMs, backoffCoefficient, maxIntervalMs,
                jitter, maxElapsedMs, nonRetryableErrorTypes));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid retry policy: " + String.join("; ", problems));
        }
        nonRetryableErrorTypes = List.copyOf(nonRetryableErrorTypes);
    }

    /** What is wrong with the given fields of a requested policy, one message per problem naming its field; empty when nothing is. */
    public static List<String> problems(RetrySpec spec) {
        List<String> problems = new ArrayList<>();
        if (spec == null) {
            return problems;
        }

        within(problems, "maxAttempts", spec.maxAttempts(), 1, 100);
        within(problems, "initialIntervalMs", spec.initialIntervalMs(), 1, DAY_MS);
        within(problems, "backoffCoefficient", spec.backoffCoefficient(), 1.0, 10.0);
        within(problems, "maxIntervalMs", spec.maxIntervalMs(), 1, DAY_MS);
        within(problems, "jitter", spec.jitter(), 0.0, 1.0);
        within(problems, "maxElapsedMs", spec.maxElapsedMs(), 1, WEEK_MS);
        if (spec.initialIntervalMs() != null && spec.maxIntervalMs() != null && spec.maxIntervalMs() < spec.initialIntervalMs()) {
            problems.add("maxIntervalMs must be at least initialIntervalMs (" + spec.initialIntervalMs() + "), was "
                    + spec.maxIntervalMs());
        }
        errorTypeProblems(problems, spec.nonRetryableErrorTypes());
        return problems;
    }

    /**
     * This policy with the given fields of {@code override} in place of its own; a raised {@code initialIntervalMs} raises
     * {@code maxIntervalMs} with it unless the override gives that too.
     *
     * @throws IllegalArgumentException when the result is not a valid policy, e.g. an overridden {@code maxIntervalMs}
     *         below this policy's {@code initialIntervalMs}
     */
    public RetryPolicy with(RetrySpec override) {
        if (override == null) {
            return this;
        }

        long initial = override.initialIntervalMs() != null ? override.initialIntervalMs() : initialIntervalMs;
        long max = override.maxIntervalMs() != null ? override.maxIntervalMs() : Math.max(maxIntervalMs, initial);
        return new RetryPolicy(
                override.maxAttempts() != null ? override.maxAttempts() : maxAttempts,
                initial,
                override.backoffCoefficient() != null ? override.backoffCoefficient() : backoffCoefficient,
                max,
                override.jitter() != null ? override.jitter() : jitter,
                override.maxElapsedMs() != null ? override.maxElapsedMs() : maxElapsedMs,
                override.nonRetryableErrorTypes() != null ? override.nonRetryableErrorTypes() : nonRetryableErrorTypes);
    }

    /** This policy as a request with every field given. */
    public RetrySpec toSpec() {
        return RetrySpec.of(maxAttempts, initialIntervalMs, backoffCoefficient, maxIntervalMs, jitter, maxElapsedMs,
                nonRetryableErrorTypes);
    }

    /**
     * The delay in milliseconds before the next attempt once {@code failedAttempts} (at least 1) attempts have failed:
     * {@code initialIntervalMs * backoffCoefficient^(failedAttempts-1)} capped at {@code maxIntervalMs}, then moved by up to
     * {@code jitter} of itself either way as {@code random} (in [0, 1)) goes from 0 to 1. Jitter never pushes the delay past
     * {@code maxIntervalMs}, so delays at the cap only ever vary downwards.
     */
    public long delayAfter(int failedAttempts, double random) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failedAttempts must be at least 1, was " + failedAttempts);
        }
        if (!(random >= 0.0 && random < 1.0)) {
            throw new IllegalArgumentException("random must be within [0, 1), was " + random);
        }

        // capped as a double, so that a growth to infinity never reaches the conversion to long
        double base = Math.min(initialIntervalMs * Math.pow(backoffCoefficient, failedAttempts - 1), maxIntervalMs);
        double jittered = base * (1 + jitter * (2 * random - 1));
        return Math.max(0, Math.min(maxIntervalMs, Math.round(jittered)));
    }

    private static void within(List<String> problems, String field, Long value, long min, long max) {
        if (value != null && (value < min || value > max)) {
            problems.add(field + " must be within " + min + ".." + max + ", was " + value);
        }
    }

    private static void within(List<String> problems, String field, Integer value, long min, long max) {
        within(problems, field, value == null ? null : value.longValue(), min, max);
    }

    private static void within(List<String> problems, String field, Double value, double min, double max) {
        // written so that NaN fails too; the infinities are outside every range
        if (value != null && !(value >= min && value <= max)) {
            problems.add(field + " must be within " + min + ".." + max + ", was " + value);
        }
    }

    private static void errorTypeProblems(List<String> problems, List<String> errorTypes) {
        if (errorTypes == null) {
            return;
        }
        if (errorTypes.size() > MAX_ERROR_TYPES) {
            // one message, not one per entry of an oversized list
            problems.add("nonRetryableErrorTypes must hold at most " + MAX_ERROR_TYPES + " entries, had " + errorTypes.size());
            return;
        }

        for (int i = 0; i < errorTypes.size(); i++) {
            String errorType = errorTypes.get(i);
            if (errorType == null || errorType.isBlank()) {
                problems.add("nonRetryableErrorTypes[" + i + "] must not be blank");
            } else if (errorType.length() > MAX_ERROR_TYPE_CHARS) {
                problems.add("nonRetryableErrorTypes[" + i + "] must be at most " + MAX_ERROR_TYPE_CHARS + " characters, had "
                        + errorType.length());
            }
        }
    }
}

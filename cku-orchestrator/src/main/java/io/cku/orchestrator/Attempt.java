package io.cku.orchestrator;

import java.time.Instant;

import io.cku.shared.FailureClass;

/**
 * One attempt of a step and how it ended.
 *
 * @param succeeded whether the attempt did the work
 * @param classification whether trying again could help; null for an attempt that succeeded
 * @param errorType the kind of failure, such as {@code http-503}; null for an attempt that succeeded
 * @param delayMs how long the step waited after this attempt before the next; null when no attempt was scheduled after it
 */
public record Attempt(
        int number,
        Instant startedAt,
        Instant finishedAt,
        boolean succeeded,
        FailureClass classification,
        String errorType,
        String error,
        Long delayMs,
        Instant nextAttemptAt) {

    static final int MAX_ERROR = 500;

    public Attempt {
        if (error != null && error.length() > MAX_ERROR) {
            error = error.substring(0, MAX_ERROR) + " …";
        }
    }

    /** An attempt that failed, before healing decides what comes next. */
    public static Attempt failed(int number, Instant startedAt, Instant finishedAt, FailureClass classification, String errorType,
            String error) {
        return new Attempt(number, startedAt, finishedAt, false, classification, errorType, error, null, null);
    }

    Attempt retriedAt(Instant next, long delay) {
        return new Attempt(number, startedAt, finishedAt, succeeded, classification, errorType, error, delay, next);
    }
}

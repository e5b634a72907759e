package io.cku.orchestrator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cku.shared.FailureClass;
import io.cku.shared.api.RetrySpec;

/**
 * One step of a run's plan and the state of its execution.
 *
 * @param retry the step's retry policy, complete: what was asked, the defaults of its skill and mode filling the rest
 * @param compensation how to undo the step when the run rolls back; null when nothing undoes it
 * @param attempts attempts started so far
 * @param retryBase attempts made before the current retry budget began (a person deciding to retry starts a new one)
 * @param nextAttemptAt when the next attempt is due, while the step waits in RETRY_SCHEDULED; for a checkpoint step waiting
 *     for approval, when that wait ends
 * @param output the skill's output as JSON text, already bounded in size; null until it succeeds
 * @param attemptLog every attempt that ended, oldest first
 * @param compensationError why undoing the step failed, when it did
 */
public record Step(
        int position,
        String name,
        String skill,
        String intent,
        Map<String, Object> params,
        boolean optional,
        Long timeoutMs,
        RetrySpec retry,
        Compensation compensation,
        StepStatus status,
        int attempts,
        int retryBase,
        Instant startedAt,
        Instant finishedAt,
        Instant nextAttemptAt,
        String output,
        String error,
        List<Attempt> attemptLog,
        String compensationError) {

    public Step {
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        attemptLog = attemptLog == null ? List.of() : List.copyOf(attemptLog);
    }

    /** A step that has not started. */
    public static Step planned(int position, String name, String skill, String intent, Map<String, Object> params,
            boolean optional, Long timeoutMs, RetrySpec retry, Compensation compensation) {
        return new Step(position, name, skill, intent, params, optional, timeoutMs, retry, compensation, StepStatus.PENDING, 0, 0,
                null, null, null, null, null, List.of(), null);
    }

    /** Attempts made since the current retry budget began, the one in flight included. */
    public int attemptsInWindow() {
        return attempts - retryBase;
    }

    /**
     * When the first attempt of the current retry budget started: the first one logged after {@code retryBase}, else the one in
     * flight. (Not every attempt is logged: one cut short by a crash is started again without an entry.)
     */
    public Instant windowStart() {
        return attemptLog.stream().filter(attempt -> attempt.number() > retryBase).map(Attempt::startedAt).findFirst().orElse(startedAt);
    }

    /** The attempt in flight as it failed just now. */
    public Attempt failedAttempt(FailureClass classification, String errorType, String failure, Instant now) {
        return Attempt.failed(attempts, startedAt, now, classification, errorType, failure);
    }

    /** The attempt in flight was cut short (its worker stopped): it is logged as failed before anything else happens. */
    Step interrupted(Instant now) {
        Attempt cut = Attempt.failed(attempts, startedAt, now, FailureClass.TRANSIENT, "worker-stopped",
                "its worker stopped before the attempt ended");
        return to(status, attempts, retryBase, startedAt, finishedAt, nextAttemptAt, output, error, logged(cut), compensationError);
    }

    Step started(Instant now) {
        return waitingUntil(null, now);
    }

    /** Started, and waiting for people until {@code deadline}. */
    Step waitingUntil(Instant deadline, Instant now) {
        return to(StepStatus.RUNNING, attempts + 1, retryBase, now, null, deadline, null, null, attemptLog, compensationError);
    }

    Step succeeded(Instant now, String result) {
        Attempt attempt = new Attempt(attempts, startedAt, now, true, null, null, null, null, null);
        return to(StepStatus.SUCCEEDED, attempts, retryBase, startedAt, now, null, result, null, logged(attempt), compensationError);
    }

    Step failed(StepStatus ending, Attempt attempt, Instant now) {
        return to(ending, attempts, retryBase, startedAt, now, null, null, attempt.error(), logged(attempt), compensationError);
    }

    Step retryScheduled(Attempt attempt, Instant at, long delayMs, Instant now) {
        return to(StepStatus.RETRY_SCHEDULED, attempts, retryBase, startedAt, now, at, null, attempt.error(),
                logged(attempt.retriedAt(at, delayMs)), compensationError);
    }

    /** A person decided to try again: a fresh retry budget starts with the next attempt. */
    Step retriedByDecision() {
        return to(StepStatus.PENDING, attempts, attempts, startedAt, finishedAt, null, null, error, attemptLog, compensationError);
    }

    Step ended(StepStatus ending, Instant now, String result, String failure) {
        return to(ending, attempts, retryBase, startedAt, now, null, result, failure, attemptLog, compensationError);
    }

    Step compensation(StepStatus phase, String failure) {
        return to(phase, attempts, retryBase, startedAt, finishedAt, null, output, error, attemptLog, failure);
    }

    boolean isOpen() {
        return status == StepStatus.PENDING || status == StepStatus.RUNNING || status == StepStatus.RETRY_SCHEDULED;
    }

    private List<Attempt> logged(Attempt attempt) {
        List<Attempt> log = new ArrayList<>(attemptLog);
        log.add(attempt);
        return log;
    }

    private Step to(StepStatus newStatus, int newAttempts, int newRetryBase, Instant newStartedAt, Instant newFinishedAt,
            Instant newNextAttemptAt, String newOutput, String newError, List<Attempt> newLog, String newCompensationError) {
        return new Step(position, name, skill, intent, params, optional, timeoutMs, retry, compensation, newStatus, newAttempts,
                newRetryBase, newStartedAt, newFinishedAt, newNextAttemptAt, newOutput, newError, newLog, newCompensationError);
    }
}

package io.cku.orchestrator;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the run workers behave ({@code cku.orchestrator.*}).
 *
 * @param workers how many runs this instance executes at once
 * @param leaseDuration how long a claim on a run lasts without renewal; after a crash, runs resume when it lapses
 * @param pollInterval how often idle workers look for runs submitted through other instances
 * @param idlePollInterval how often, at the slowest, one worker looks when none has found work for a while (the wait doubles
 *        from {@code pollInterval} after each empty look); the other workers then wait for a wake-up
 * @param defaultStepTimeout the time budget of a step that does not give {@code timeoutMs}
 * @param maxOutputChars how much of a step's output is stored
 * @param maxErrorChars how much of a step's error text is stored
 * @param shutdownWait how long a stopping instance lets steps in flight finish before it cuts them short and hands
 *        their runs back (they resume on the next instance that claims them)
 * @param cancelCheckInterval how often an instance looks whether a run it is executing was cancelled through another
 *        instance (only while it executes any), so such a cancel stops the step in flight within about this long
 */
@ConfigurationProperties("cku.orchestrator")
public record OrchestratorProperties(
        Integer workers,
        Duration leaseDuration,
        Duration pollInterval,
        Duration defaultStepTimeout,
        Integer maxOutputChars,
        Integer maxErrorChars,
        Duration shutdownWait,
        Duration cancelCheckInterval,
        Duration idlePollInterval) {

    public OrchestratorProperties {
        workers = workers == null ? 8 : workers;
        leaseDuration = leaseDuration == null ? Duration.ofSeconds(15) : leaseDuration;
        pollInterval = pollInterval == null ? Duration.ofMillis(500) : pollInterval;
        defaultStepTimeout = defaultStepTimeout == null ? Duration.ofMinutes(10) : defaultStepTimeout;
        maxOutputChars = maxOutputChars == null ? 16_384 : maxOutputChars;
        maxErrorChars = maxErrorChars == null ? 4_096 : maxErrorChars;
        shutdownWait = shutdownWait == null ? Duration.ofSeconds(10) : shutdownWait;
        cancelCheckInterval = cancelCheckInterval == null ? Duration.ofMillis(250) : cancelCheckInterval;
        idlePollInterval = idlePollInterval == null ? Duration.ofSeconds(5) : idlePollInterval;
        check(workers >= 1 && workers <= 512, "cku.orchestrator.workers must be within 1..512, was " + workers);
        check(leaseDuration.toMillis() >= 1000, "cku.orchestrator.lease-duration must be at least 1s, was " + leaseDuration);
        check(pollInterval.toMillis() >= 10, "cku.orchestrator.poll-interval must be at least 10ms, was " + pollInterval);
        check(defaultStepTimeout.toMillis() >= 1, "cku.orchestrator.default-step-timeout must be positive, was " + defaultStepTimeout);
        check(maxOutputChars >= 256, "cku.orchestrator.max-output-chars must be at least 256, was " + maxOutputChars);
        check(maxErrorChars >= 256, "cku.orchestrator.max-error-chars must be at least 256, was " + maxErrorChars);
        check(!shutdownWait.isNegative(), "cku.orchestrator.shutdown-wait must not be negative, was " + shutdownWait);
        check(idlePollInterval.compareTo(pollInterval) >= 0, "cku.orchestrator.idle-poll-interval must be at least the poll-interval ("
                + pollInterval + "), was " + idlePollInterval);
        check(cancelCheckInterval.toMillis() >= 10, "cku.orchestrator.cancel-check-interval must be at least 10ms, was " + cancelCheckInterval);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}

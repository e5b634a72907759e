package io.cku.healing;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cku.healing.HealingPlan.AwaitDecision;
import io.cku.healing.HealingPlan.Fail;
import io.cku.healing.HealingPlan.Retry;
import io.cku.healing.HealingPlan.Rollback;
import io.cku.healing.HealingPlan.Skip;
import io.cku.shared.FailureClass;
import io.cku.shared.Mode;
import io.cku.shared.api.RetrySpec;

/** Decides how a failed step heals: classifies the failure, picks its retry policy and plans what happens next. */
public final class HealingEngine {

    private static final Pattern EXIT_CODE = Pattern.compile("exit-(\\d{1,3})");

    private final HealingProperties properties;
    private final DoubleSupplier random;

    /** An engine whose jitter comes from {@code random}, which must return values in [0, 1). */
    public HealingEngine(HealingProperties properties, DoubleSupplier random) {
        this.properties = Objects.requireNonNull(properties, "properties");
        this.random = Objects.requireNonNull(random, "random");
    }

    public HealingEngine(HealingProperties properties) {
        this(properties, () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * What happens after {@code failed}: a retry when the failure is transient, its type retryable, attempts are left and
     * the retry starts within the time budget; otherwise skip an optional step, ask a person in a decision mode, roll back
     * when there is something to undo, or fail.
     */
    public HealingPlan afterFailure(FailedAttempt failed) {
        String failure = describe(failed);
        String obstacle = retryObstacle(failed);
        if (obstacle != null) {
            return withoutRetry(failed, failure + "; " + obstacle);
        }

        RetryPolicy policy = failed.policy();
        long backoffMs = policy.delayAfter(failed.attemptsInWindow(), random.getAsDouble());
        Instant at = failed.now().plusMillis(backoffMs);
        if (failed.notBefore() != null && failed.notBefore().isAfter(at)) {
            at = failed.notBefore();
        }
        long delayMs = Duration.between(failed.now(), at).toMillis();
        if (at.isAfter(failed.windowStart().plusMillis(policy.maxElapsedMs()))) {
            return withoutRetry(failed, failure + "; time budget used up: a retry in " + delayMs
                    + " ms would start past " + policy.maxElapsedMs() + " ms after the first attempt");
        }
        return new Retry(at, delayMs, failure + "; next attempt in " + delayMs + " ms");
    }

    /**
     * Whether a failure is worth retrying: as the skill said when it said; otherwise transient for the configured transient
     * error types and, for the shell skill, the configured exit codes ({@code exit-<n>}); permanent for anything else.
     */
    public FailureClass classify(String skill, String errorType, FailureClass skillSaid) {
        if (skillSaid != null) {
            return skillSaid;
        }
        if (errorType == null) {
            return FailureClass.PERMANENT;
        }

        if (properties.transientErrorTypes().contains(errorType)) {
            return FailureClass.TRANSIENT;
        }
        Matcher exit = EXIT_CODE.matcher(errorType);
        if ("shell".equals(skill) && exit.matches()
                && properties.shell().transientExitCodes().contains(Integer.parseInt(exit.group(1)))) {
            return FailureClass.TRANSIENT;
        }
        return FailureClass.PERMANENT;
    }

    /** The retry policy of a step: the defaults, overridden by the mode's, then the skill's, then the step's request. */
    public RetryPolicy policyFor(String skill, Mode mode, RetrySpec requested) {
        Objects.requireNonNull(skill, "skill");
        Objects.requireNonNull(mode, "mode");

        return properties.defaultPolicy()
                .with(properties.modes().get(mode.wireName()))
                .with(properties.skills().get(skill))
                .with(requested);
    }

    /** Whether a person decides what happens to runs of this mode when retrying does not help. */
    public boolean decides(Mode mode) {
        return properties.decisionModes().contains(mode.wireName());
    }

    private static String describe(FailedAttempt failed) {
        String errorType = failed.errorType() == null ? "unknown error" : failed.errorType();
        return "attempt %d of %d failed (%s, %s)".formatted(failed.attemptsInWindow(), failed.policy().maxAttempts(),
                errorType, failed.classification().name().toLowerCase(Locale.ROOT));
    }

    /** Why the failed attempt is not retried, whatever the delay; null when it may be. */
    private String retryObstacle(FailedAttempt failed) {
        if (failed.classification() == FailureClass.PERMANENT) {
            return "a permanent failure is not retried";
        }
        if (isNonRetryable(failed)) {
            return "error type " + failed.errorType() + " is never retried";
        }
        if (uncertain(failed)) {
            return "the step is not idempotent and this failure leaves unknown whether its work was done, so it is not repeated"
                    + " without a decision";
        }
        if (failed.attemptsInWindow() >= failed.policy().maxAttempts()) {
            return "attempts used up";
        }
        return null;
    }

    /**
     * A failure of a step that must not run twice, of a type that does not show the work was left undone: a timeout, a broken
     * connection, a gateway's 502 or 504. (A shell command's configured transient exit code is the command saying so itself.)
     */
    private boolean uncertain(FailedAttempt failed) {
        if (failed.idempotent() || failed.errorType() == null) {
            return !failed.idempotent();
        }
        if (properties.retrySafeErrorTypes().contains(failed.errorType())) {
            return false;
        }
        Matcher exit = EXIT_CODE.matcher(failed.errorType());
        return !("shell".equals(failed.skill()) && exit.matches()
                && properties.shell().transientExitCodes().contains(Integer.parseInt(exit.group(1))));
    }

    private HealingPlan withoutRetry(FailedAttempt failed, String reason) {
        if (failed.optional()) {
            return new Skip(reason + "; the step is optional");
        }
        if (failed.decisionMode()) {
            return new AwaitDecision(recommendation(failed), reason);
        }
        if (failed.anythingToUndo()) {
            return new Rollback(reason);
        }
        return new Fail(reason);
    }

    // A transient failure that ran out of attempts or time may pass once the dependency is back; a type the policy never
    // retries is not recommended for a retry either.
    private String recommendation(FailedAttempt failed) {
        if (failed.classification() == FailureClass.TRANSIENT && !isNonRetryable(failed) && !uncertain(failed)) {
            return "retry";
        }
        return failed.anythingToUndo() ? "rollback" : "abort";
    }

    private static boolean isNonRetryable(FailedAttempt failed) {
        return failed.errorType() != null && failed.policy().nonRetryableErrorTypes().contains(failed.errorType());
    }
}

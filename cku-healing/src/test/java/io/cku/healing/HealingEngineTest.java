package io.cku.healing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cku.healing.HealingPlan.AwaitDecision;
import io.cku.healing.HealingPlan.Fail;
import io.cku.healing.HealingPlan.Retry;
import io.cku.healing.HealingPlan.Rollback;
import io.cku.healing.HealingPlan.Skip;
import io.cku.shared.FailureClass;
import io.cku.shared.Mode;
import io.cku.shared.api.RetrySpec;

class HealingEngineTest {

    private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");
    private static final RetryPolicy NO_JITTER = new RetryPolicy(3, 1000, 2.0, 60_000, 0.0, 600_000, List.of("auth"));

    // random 0.5 puts jitter at zero, so delays are the bare backoff
    private final HealingEngine engine = new HealingEngine(new HealingProperties(null, null, null, null, null, null, null, null), () -> 0.5);

    private static FailedAttempt failed(int attempts, FailureClass classification, String errorType) {
        return new FailedAttempt("http", false, false, NO_JITTER, attempts, START, classification, errorType, false,
                START.plusSeconds(5));
    }

    private static FailedAttempt withFlags(FailedAttempt attempt, boolean optional, boolean decisionMode, boolean anythingToUndo) {
        return new FailedAttempt(attempt.skill(), optional, decisionMode, attempt.policy(), attempt.attemptsInWindow(),
                attempt.windowStart(), attempt.classification(), attempt.errorType(), anythingToUndo, attempt.now(), attempt.idempotent(),
                attempt.notBefore());
    }

    @Test
    void retriesATransientFailureAfterTheBackoff() {
        HealingPlan plan = engine.afterFailure(failed(2, FailureClass.TRANSIENT, "http-503"));

        assertThat(plan).isEqualTo(new Retry(START.plusSeconds(5).plusMillis(2000), 2000,
                "attempt 2 of 3 failed (http-503, transient); next attempt in 2000 ms"));
    }

    /** An attempt of a step that must not run twice, failed with this type, optionally held back until {@code notBefore}. */
    private static FailedAttempt notIdempotent(String skill, String errorType, Instant notBefore) {
        return new FailedAttempt(skill, false, false, NO_JITTER, 1, START, FailureClass.TRANSIENT, errorType, true, START.plusSeconds(5),
                false, notBefore);
    }

    @Test
    void aStepThatMustNotRunTwiceIsRetriedOnlyWhenTheFailureShowsNothingWasDone() {
        assertThat(engine.afterFailure(notIdempotent("http", "connect", null))).as("never connected").isInstanceOf(Retry.class);
        assertThat(engine.afterFailure(notIdempotent("http", "http-503", null))).as("refused to act").isInstanceOf(Retry.class);
        assertThat(engine.afterFailure(notIdempotent("shell", "exit-75", null))).as("the command asks for it").isInstanceOf(Retry.class);

        for (String uncertain : List.of("timeout", "connection", "http-502", "http-504")) {
            HealingPlan plan = engine.afterFailure(notIdempotent("http", uncertain, null));
            assertThat(plan).as(uncertain).isInstanceOf(Rollback.class);
            assertThat(plan.reason()).contains("not idempotent", "leaves unknown whether its work was done");
        }
        HealingPlan asked = engine.afterFailure(withFlags(notIdempotent("http", "timeout", null), false, true, true));
        assertThat(asked).isInstanceOfSatisfying(AwaitDecision.class,
                decision -> assertThat(decision.recommendation()).as("not a blind retry").isEqualTo("rollback"));
    }

    @Test
    void aRetryWaitsAtLeastUntilTheCircuitClosesWithinTheTimeBudget() {
        Instant closes = START.plusSeconds(35);
        HealingPlan plan = engine.afterFailure(notIdempotent("http", "circuit-open", closes));

        assertThat(plan).isEqualTo(new Retry(closes, 30_000, "attempt 1 of 3 failed (circuit-open, transient); next attempt in 30000 ms"));
        HealingPlan tooLate = engine.afterFailure(notIdempotent("http", "circuit-open", START.plusSeconds(700)));
        assertThat(tooLate).isInstanceOf(Rollback.class);
        assertThat(tooLate.reason()).contains("time budget used up");
    }

    @Test
    void jitterComesFromTheGivenRandom() {
        RetryPolicy jittery = new RetryPolicy(3, 1000, 2.0, 60_000, 0.5, 600_000, List.of());
        HealingEngine low = new HealingEngine(new HealingProperties(null, null, null, null, null, null, null, null), () -> 0.0);

        HealingPlan plan = low.afterFailure(new FailedAttempt("http", false, false, jittery, 1, START, FailureClass.TRANSIENT,
                "timeout", false, START));

        assertThat(plan).isInstanceOfSatisfying(Retry.class, retry -> assertThat(retry.delayMs()).isEqualTo(500));
    }

    @Test
    void failsAPermanentFailureWithNothingToUndo() {
        HealingPlan plan = engine.afterFailure(failed(1, FailureClass.PERMANENT, "http-404"));

        assertThat(plan).isEqualTo(new Fail("attempt 1 of 3 failed (http-404, permanent); a permanent failure is not retried"));
    }

    @Test
    void rollsBackWhenCompletedStepsCanBeUndone() {
        HealingPlan plan = engine.afterFailure(withFlags(failed(1, FailureClass.PERMANENT, "http-404"), false, false, true));

        assertThat(plan).isInstanceOf(Rollback.class);
        assertThat(plan.reason()).endsWith("a permanent failure is not retried");
    }

    @Test
    void neverRetriesANonRetryableTypeEvenWhenTransient() {
        HealingPlan plan = engine.afterFailure(failed(1, FailureClass.TRANSIENT, "auth"));

        assertThat(plan).isEqualTo(new Fail("attempt 1 of 3 failed (auth, transient); error type auth is never retried"));
    }

    @Test
    void stopsWhenAttemptsAreUsedUp() {
        HealingPlan plan = engine.afterFailure(failed(3, FailureClass.TRANSIENT, "timeout"));

        assertThat(plan).isEqualTo(new Fail("attempt 3 of 3 failed (timeout, transient); attempts used up"));
    }

    @Test
    void stopsWhenTheRetryWouldStartPastTheTimeBudget() {
        RetryPolicy shortBudget = new RetryPolicy(5, 1000, 2.0, 60_000, 0.0, 10_000, List.of());
        FailedAttempt nearlyOut = new FailedAttempt("http", false, false, shortBudget, 2, START, FailureClass.TRANSIENT,
                "timeout", false, START.plusMillis(8001));
        FailedAttempt justInTime = new FailedAttempt("http", false, false, shortBudget, 2, START, FailureClass.TRANSIENT,
                "timeout", false, START.plusMillis(8000));

        assertThat(engine.afterFailure(nearlyOut)).isEqualTo(new Fail("attempt 2 of 5 failed (timeout, transient); "
                + "time budget used up: a retry in 2000 ms would start past 10000 ms after the first attempt"));
        assertThat(engine.afterFailure(justInTime)).isEqualTo(new Retry(START.plusMillis(10_000), 2000,
                "attempt 2 of 5 failed (timeout, transient); next attempt in 2000 ms"));
    }

    @Test
    void skipsAnOptionalStepEvenInADecisionModeWithSomethingToUndo() {
        HealingPlan plan = engine.afterFailure(withFlags(failed(1, FailureClass.PERMANENT, "http-400"), true, true, true));

        assertThat(plan).isEqualTo(new Skip(
                "attempt 1 of 3 failed (http-400, permanent); a permanent failure is not retried; the step is optional"));
    }

    @Test
    void recommendsARetryWhenATransientFailureRanOutOfAttemptsInADecisionMode() {
        HealingPlan plan = engine.afterFailure(withFlags(failed(3, FailureClass.TRANSIENT, "http-503"), false, true, true));

        assertThat(plan).isEqualTo(new AwaitDecision("retry", "attempt 3 of 3 failed (http-503, transient); attempts used up"));
    }

    @Test
    void recommendsRollbackForAPermanentFailureWithSomethingToUndo() {
        HealingPlan plan = engine.afterFailure(withFlags(failed(1, FailureClass.PERMANENT, "http-400"), false, true, true));

        assertThat(plan).isInstanceOfSatisfying(AwaitDecision.class,
                decision -> assertThat(decision.recommendation()).isEqualTo("rollback"));
    }

    @Test
    void recommendsAbortForAPermanentFailureWithNothingToUndo() {
        HealingPlan plan = engine.afterFailure(withFlags(failed(1, FailureClass.PERMANENT, null), false, true, false));

        assertThat(plan).isEqualTo(new AwaitDecision("abort",
                "attempt 1 of 3 failed (unknown error, permanent); a permanent failure is not retried"));
    }

    @Test
    void doesNotRecommendRetryingATypeThePolicyNeverRetries() {
        HealingPlan plan = engine.afterFailure(withFlags(failed(1, FailureClass.TRANSIENT, "auth"), false, true, false));

        assertThat(plan).isInstanceOfSatisfying(AwaitDecision.class,
                decision -> assertThat(decision.recommendation()).isEqualTo("abort"));
    }

    @Test
    void classifiesConfiguredTransientTypesAndShellTempFail() {
        assertThat(engine.classify("http", "http-503", null)).isEqualTo(FailureClass.TRANSIENT);
        assertThat(engine.classify("http", "connection", null)).isEqualTo(FailureClass.TRANSIENT);
        assertThat(engine.classify("shell", "exit-75", null)).isEqualTo(FailureClass.TRANSIENT);
        assertThat(engine.classify("shell", "exit-1", null)).isEqualTo(FailureClass.PERMANENT);
    }

    @Test
    void classifiesAnythingUnknownAsPermanent() {
        assertThat(engine.classify("http", "http-500", null)).isEqualTo(FailureClass.PERMANENT);
        assertThat(engine.classify("http", null, null)).isEqualTo(FailureClass.PERMANENT);
        assertThat(engine.classify("http", "exit-75", null)).isEqualTo(FailureClass.PERMANENT);
        assertThat(engine.classify("shell", "exit-75x", null)).isEqualTo(FailureClass.PERMANENT);
    }

    @Test
    void theSkillsOwnClassificationWins() {
        assertThat(engine.classify("http", "http-503", FailureClass.PERMANENT)).isEqualTo(FailureClass.PERMANENT);
        assertThat(engine.classify("shell", "exit-1", FailureClass.TRANSIENT)).isEqualTo(FailureClass.TRANSIENT);
    }

    @Test
    void classifiesWithConfiguredTypesAndExitCodes() {
        HealingEngine custom = new HealingEngine(new HealingProperties(null, null, null, null, List.of("busy"), null,
                new HealingProperties.Shell(List.of(111)), null));

        assertThat(custom.classify("http", "busy", null)).isEqualTo(FailureClass.TRANSIENT);
        assertThat(custom.classify("http", "http-503", null)).isEqualTo(FailureClass.PERMANENT);
        assertThat(custom.classify("shell", "exit-111", null)).isEqualTo(FailureClass.TRANSIENT);
        assertThat(custom.classify("shell", "exit-75", null)).isEqualTo(FailureClass.PERMANENT);
    }

    @Test
    void policyLayersDefaultsModeSkillAndStep() {
        HealingProperties properties = new HealingProperties(
                RetrySpec.of(4, null, null, null, null, null, null),
                Map.of("prod", RetrySpec.of(6, 2000L, null, null, null, null, null)),
                Map.of("http", RetrySpec.of(null, 3000L, 3.0, null, null, null, List.of("auth"))),
                null, null, null, null, null);
        HealingEngine layered = new HealingEngine(properties);

        assertThat(layered.policyFor("shell", Mode.DEV, null))
                .isEqualTo(new RetryPolicy(4, 1000, 2.0, 60_000, 0.2, 600_000, List.of()));
        assertThat(layered.policyFor("shell", Mode.PROD, null))
                .isEqualTo(new RetryPolicy(6, 2000, 2.0, 60_000, 0.2, 600_000, List.of()));
        assertThat(layered.policyFor("http", Mode.PROD, null))
                .isEqualTo(new RetryPolicy(6, 3000, 3.0, 60_000, 0.2, 600_000, List.of("auth")));
        assertThat(layered.policyFor("http", Mode.PROD, RetrySpec.of(2, null, null, null, 0.0, 5000L, List.of())))
                .isEqualTo(new RetryPolicy(2, 3000, 3.0, 60_000, 0.0, 5000, List.of()));
    }

    @Test
    void decidesInProdOnlyByDefault() {
        assertThat(engine.decides(Mode.PROD)).isTrue();
        assertThat(engine.decides(Mode.STAGING)).isFalse();
        assertThat(engine.decides(Mode.DEV)).isFalse();

        HealingEngine everywhere = new HealingEngine(new HealingProperties(null, null, null, List.of("dev", "staging"), null, null,
                null, null));
        assertThat(everywhere.decides(Mode.STAGING)).isTrue();
        assertThat(everywhere.decides(Mode.PROD)).isFalse();
    }
}

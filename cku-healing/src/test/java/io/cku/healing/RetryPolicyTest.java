package io.cku.healing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cku.shared.api.RetrySpec;

class RetryPolicyTest {

    private static final double MIDDLE = 0.5;

    private static RetryPolicy policy(long initial, double coefficient, long max, double jitter) {
        return new RetryPolicy(10, initial, coefficient, max, jitter, 600_000, List.of());
    }

    @Test
    void delaysGrowByTheCoefficientWithoutJitter() {
        RetryPolicy policy = policy(1000, 2.0, 60_000, 0.0);

        assertThat(policy.delayAfter(1, 0.3)).isEqualTo(1000);
        assertThat(policy.delayAfter(2, 0.3)).isEqualTo(2000);
        assertThat(policy.delayAfter(3, 0.3)).isEqualTo(4000);
    }

    @Test
    void delaysStopGrowingAtMaxInterval() {
        RetryPolicy policy = policy(1000, 2.0, 5000, 0.0);

        assertThat(policy.delayAfter(3, MIDDLE)).isEqualTo(4000);
        assertThat(policy.delayAfter(4, MIDDLE)).isEqualTo(5000);
        assertThat(policy.delayAfter(100, MIDDLE)).isEqualTo(5000);
    }

    @Test
    void hugeAttemptCountsStayAtTheCapInsteadOfOverflowing() {
        RetryPolicy policy = policy(86_400_000, 10.0, 86_400_000, 0.0);

        assertThat(policy.delayAfter(Integer.MAX_VALUE, MIDDLE)).isEqualTo(86_400_000);
    }

    @Test
    void jitterNeverPushesPastMaxInterval() {
        RetryPolicy policy = policy(1000, 2.0, 5000, 0.5);

        for (int attempts = 4; attempts <= 20; attempts++) {
            assertThat(policy.delayAfter(attempts, 0.999)).isEqualTo(5000);
        }
        assertThat(policy.delayAfter(4, 0.0)).isEqualTo(2500);
    }

    @Test
    void jitterStaysWithinItsFractionOfTheBaseBelowTheCap() {
        RetryPolicy policy = policy(1000, 2.0, 60_000, 0.5);

        assertThat(policy.delayAfter(2, 0.999)).isEqualTo(2998);
        assertThat(policy.delayAfter(2, 0.0)).isEqualTo(1000);
        assertThat(policy.delayAfter(2, MIDDLE)).isEqualTo(2000);
        for (double random = 0.0; random < 1.0; random += 0.01) {
            assertThat(policy.delayAfter(3, random)).isBetween(2000L, 6000L);
        }
    }

    @Test
    void refusesAttemptCountsBelowOneAndRandomOutsideTheUnitInterval() {
        RetryPolicy policy = policy(1000, 2.0, 60_000, 0.5);

        assertThatThrownBy(() -> policy.delayAfter(0, MIDDLE)).hasMessageContaining("failedAttempts");
        assertThatThrownBy(() -> policy.delayAfter(1, 1.0)).hasMessageContaining("random");
        assertThatThrownBy(() -> policy.delayAfter(1, Double.NaN)).hasMessageContaining("random");
    }

    @Test
    void problemsNameEachBadField() {
        RetrySpec bad = RetrySpec.of(0, 0L, 0.5, 86_400_001L, 1.5, 604_800_001L, List.of(" "));

        assertThat(RetryPolicy.problems(bad)).containsExactly(
                "maxAttempts must be within 1..100, was 0",
                "initialIntervalMs must be within 1..86400000, was 0",
                "backoffCoefficient must be within 1.0..10.0, was 0.5",
                "maxIntervalMs must be within 1..86400000, was 86400001",
                "jitter must be within 0.0..1.0, was 1.5",
                "maxElapsedMs must be within 1..604800000, was 604800001",
                "nonRetryableErrorTypes[0] must not be blank");
    }

    @Test
    void problemsCatchUpperBoundsNonFiniteNumbersAndOrder() {
        assertThat(RetryPolicy.problems(RetrySpec.of(101, null, Double.POSITIVE_INFINITY, null, Double.NaN, null, null)))
                .containsExactly("maxAttempts must be within 1..100, was 101",
                        "backoffCoefficient must be within 1.0..10.0, was Infinity",
                        "jitter must be within 0.0..1.0, was NaN");
        assertThat(RetryPolicy.problems(RetrySpec.of(null, 5000L, null, 4000L, null, null, null)))
                .containsExactly("maxIntervalMs must be at least initialIntervalMs (5000), was 4000");
    }

    @Test
    void problemsLimitErrorTypes() {
        List<String> tooMany = Collections.nCopies(51, "http-500");
        assertThat(RetryPolicy.problems(RetrySpec.of(null, null, null, null, null, null, tooMany)))
                .containsExactly("nonRetryableErrorTypes must hold at most 50 entries, had 51");

        List<String> tooLong = List.of("ok", "x".repeat(101));
        assertThat(RetryPolicy.problems(RetrySpec.of(null, null, null, null, null, null, tooLong)))
                .containsExactly("nonRetryableErrorTypes[1] must be at most 100 characters, had 101");
    }

    @Test
    void noProblemsWithNothingOrBoundaryValues() {
        assertThat(RetryPolicy.problems(null)).isEmpty();
        assertThat(RetryPolicy.problems(RetrySpec.of(null, null, null, null, null, null, null))).isEmpty();
        assertThat(RetryPolicy.problems(RetrySpec.of(100, 1L, 10.0, 86_400_000L, 0.0, 604_800_000L, List.of("x".repeat(100)))))
                .isEmpty();
    }

    @Test
    void constructorRefusesAnInvalidPolicyAndCopiesItsList() {
        assertThatThrownBy(() -> new RetryPolicy(0, 1000, 2.0, 60_000, 0.2, 600_000, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid retry policy: maxAttempts must be within 1..100, was 0");

        List<String> types = new java.util.ArrayList<>(List.of("auth"));
        RetryPolicy policy = new RetryPolicy(3, 1000, 2.0, 60_000, 0.2, 600_000, types);
        types.add("quota");
        assertThat(policy.nonRetryableErrorTypes()).containsExactly("auth");
        assertThat(new RetryPolicy(3, 1000, 2.0, 60_000, 0.2, 600_000, null).nonRetryableErrorTypes()).isEmpty();
    }

    @Test
    void overrideFieldsReplaceOnlyWhatTheyGive() {
        RetryPolicy base = new RetryPolicy(3, 1000, 2.0, 60_000, 0.2, 600_000, List.of("auth"));

        RetryPolicy merged = base.with(RetrySpec.of(5, null, 3.0, null, 0.0, null, List.of("quota")));

        assertThat(merged).isEqualTo(new RetryPolicy(5, 1000, 3.0, 60_000, 0.0, 600_000, List.of("quota")));
        assertThat(base.with(null)).isSameAs(base);
        assertThat(base.with(RetrySpec.of(null, null, null, null, null, null, null))).isEqualTo(base);
    }

    @Test
    void aRaisedInitialIntervalRaisesMaxIntervalUnlessBothAreGiven() {
        RetryPolicy base = new RetryPolicy(3, 1000, 2.0, 60_000, 0.2, 600_000, List.of());

        assertThat(base.with(RetrySpec.of(null, 90_000L, null, null, null, null, null)).maxIntervalMs()).isEqualTo(90_000);
        assertThat(base.with(RetrySpec.of(null, 90_000L, null, 120_000L, null, null, null)).maxIntervalMs()).isEqualTo(120_000);
        assertThat(base.with(RetrySpec.of(null, 5000L, null, null, null, null, null)).maxIntervalMs()).isEqualTo(60_000);
    }

    @Test
    void aMaxIntervalBelowTheInheritedInitialIntervalIsRefused() {
        RetryPolicy base = new RetryPolicy(3, 1000, 2.0, 60_000, 0.2, 600_000, List.of());

        assertThatThrownBy(() -> base.with(RetrySpec.of(null, null, null, 500L, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxIntervalMs must be at least initialIntervalMs (1000), was 500");
    }

    @Test
    void toSpecRoundTrips() {
        RetryPolicy policy = new RetryPolicy(4, 250, 1.5, 8000, 0.1, 30_000, List.of("auth"));

        assertThat(policy.toSpec()).isEqualTo(RetrySpec.of(4, 250L, 1.5, 8000L, 0.1, 30_000L, List.of("auth")));
        assertThat(policy.with(policy.toSpec())).isEqualTo(policy);
    }
}

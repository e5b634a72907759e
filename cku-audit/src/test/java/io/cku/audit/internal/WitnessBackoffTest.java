package io.cku.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.function.LongUnaryOperator;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

class WitnessBackoffTest {

    private static final WitnessBackoff BACKOFF = new WitnessBackoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

    @Test
    void doublesPerFailureUntilTheCap() {
        assertThat(BACKOFF.ceiling(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(BACKOFF.ceiling(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(BACKOFF.ceiling(9)).isEqualTo(Duration.ofSeconds(256));
        assertThat(BACKOFF.ceiling(10)).isEqualTo(Duration.ofMinutes(5));
        assertThat(BACKOFF.ceiling(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void jitterStaysBetweenHalfAndAllOfTheCappedWait() {
        assertThat(BACKOFF.delay(3, lowest())).isEqualTo(Duration.ofSeconds(2));
        assertThat(BACKOFF.delay(3, highest())).isEqualTo(Duration.ofSeconds(4));
        assertThat(BACKOFF.delay(40, highest())).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void neverWaitsLongerThanTheCapWhateverTheAttemptOrRandomness() {
        RandomGenerator random = new SplittableRandom(7);
        for (int attempt = 1; attempt < 200; attempt++) {
            Duration delay = BACKOFF.delay(attempt, random);
            assertThat(delay).isLessThanOrEqualTo(Duration.ofMinutes(5)).isGreaterThanOrEqualTo(BACKOFF.ceiling(attempt).dividedBy(2));
        }
    }

    @Test
    void aCapNearTheLargestDurationDoesNotOverflow() {
        WitnessBackoff huge = new WitnessBackoff(Duration.ofMillis(1), Duration.ofSeconds(Long.MAX_VALUE / 2));

        assertThat(huge.ceiling(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(Long.MAX_VALUE / 2));
    }

    @Test
    void aCapBelowTheInitialWaitStillCaps() {
        WitnessBackoff odd = new WitnessBackoff(Duration.ofSeconds(10), Duration.ofSeconds(3));

        assertThat(odd.delay(1, highest())).isEqualTo(Duration.ofSeconds(3));
    }

    private static RandomGenerator lowest() {
        return fixed(bound -> 0);
    }

    private static RandomGenerator highest() {
        return fixed(bound -> bound - 1);
    }

    /** A generator whose bounded draws are {@code draw(bound)}. */
    private static RandomGenerator fixed(LongUnaryOperator draw) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException("only bounded draws");
            }

            @Override
            public long nextLong(long bound) {
                return draw.applyAsLong(bound);
            }
        };
    }
}

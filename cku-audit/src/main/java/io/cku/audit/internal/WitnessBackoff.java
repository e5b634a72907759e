package io.cku.audit.internal;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long a delivery waits after its n-th failed attempt: {@code initial × 2^(n-1)}, capped at {@code max}, then
 * jittered to between half and all of that, so instances and witnesses that failed together do not retry in step.
 */
record WitnessBackoff(Duration initial, Duration max) {

    /** The wait after {@code failedAttempts} (from 1) failures; never above {@code max}, never below half the capped value. */
    Duration delay(int failedAttempts, RandomGenerator random) {
        long ceiling = ceiling(failedAttempts).toMillis();
        if (ceiling < 2) {
            return Duration.ofMillis(ceiling);
        }

        long half = ceiling / 2;
        return Duration.ofMillis(half + random.nextLong(ceiling - half + 1));
    }

    /** The wait before jitter: doubled per failure until it reaches {@code max}. */
    Duration ceiling(int failedAttempts) {
        Duration delay = initial;
        for (int doubled = 1; doubled < failedAttempts && delay.compareTo(max) < 0; doubled++) {
            // compared with half the cap first, so doubling never overflows however large max is
            delay = delay.compareTo(max.dividedBy(2)) > 0 ? max : delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}

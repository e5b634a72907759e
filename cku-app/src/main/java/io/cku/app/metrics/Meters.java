package io.cku.app.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.Timer;

/** How the service's timers are built: a percentile histogram (for histogram_quantile), bucketed up to what is plausible. */
final class Meters {

    private Meters() {
    }

    /** A timer builder publishing a histogram with buckets from 1 ms up to {@code longest}. */
    static Timer.Builder histogram(String name, String description, Duration longest) {
        return Timer.builder(name).description(description).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(longest);
    }
}

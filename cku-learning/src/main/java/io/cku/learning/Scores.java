package io.cku.learning;

import java.time.Duration;
import java.time.Instant;

/** The reliability arithmetic: decay with a half-life, the Beta model's mean, and a 95% lower bound. */
public final class Scores {

    private static final double Z = 1.959964; // the 97.5th percentile of the normal distribution: a two-sided 95% interval

    private Scores() {
    }

    /** The weight left to a count made {@code from} when seen at {@code to}: 1/2 per half-life, never more than 1. */
    public static double decay(Instant from, Instant to, Duration halfLife) {
        double elapsed = Math.max(0, Duration.between(from, to).toMillis());
        return Math.pow(0.5, elapsed / halfLife.toMillis());
    }

    /** The mean of Beta(successes + 1, failures + 1): what a uniform prior and the counts say the success rate is. */
    public static double mean(double successes, double failures) {
        return (successes + 1) / (successes + failures + 2);
    }

    /** The lower end of the Wilson score interval of the success rate at 95%; 0 with nothing observed. */
    public static double lowerBound(double successes, double failures) {
        double n = successes + failures;
        if (n <= 0) {
            return 0;
        }
        double p = successes / n;
        double z2 = Z * Z;
        double centre = p + z2 / (2 * n);
        double spread = Z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return Math.max(0, (centre - spread) / (1 + z2 / n));
    }

    /** A figure as the API shows it: four decimal places. */
    public static double shown(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}

package io.cku.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ScoresTest {

    private static final Instant T = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void aCountLosesHalfItsWeightPerHalfLifeAndNeverGainsAny() {
        Duration week = Duration.ofDays(7);
        assertThat(Scores.decay(T, T, week)).isEqualTo(1.0);
        assertThat(Scores.decay(T, T.plus(week), week)).isCloseTo(0.5, offset(1e-12));
        assertThat(Scores.decay(T, T.plus(week.multipliedBy(3)), week)).isCloseTo(0.125, offset(1e-12));
        assertThat(Scores.decay(T, T.minus(week), week)).as("a later count is not weighed up").isEqualTo(1.0);
    }

    @Test
    void theMeanIsTheBetaModelsWithAUniformPrior() {
        assertThat(Scores.mean(0, 0)).isEqualTo(0.5);
        assertThat(Scores.mean(0, 6)).isCloseTo(0.125, offset(1e-12)); // "6 failures in 6 runs, score 0.12"
        assertThat(Scores.mean(8, 0)).isCloseTo(0.9, offset(1e-12));
    }

    @Test
    void theLowerBoundIsWilsonsAt95PercentAndNeedsEvidenceToBeHigh() {
        assertThat(Scores.lowerBound(0, 0)).isZero();
        assertThat(Scores.lowerBound(0, 5)).isZero();
        assertThat(Scores.lowerBound(5, 0)).as("five successes are not yet proof").isCloseTo(0.5655, offset(1e-3));
        assertThat(Scores.lowerBound(4, 1)).isCloseTo(0.3755, offset(1e-3));
        assertThat(Scores.lowerBound(95, 5)).isCloseTo(0.8882, offset(1e-3));
        assertThat(Scores.lowerBound(950, 50)).as("more of the same rate, a tighter bound").isGreaterThan(Scores.lowerBound(95, 5));
    }

    @Test
    void settingsOutsideTheirRangeAreRefusedNamingTheProperty() {
        assertThatThrownBy(() -> new LearningProperties(Duration.ofDays(7), 1.5, 5, 0.1, LearningProperties.Mode.AUTO, Map.of(),
                Duration.ofSeconds(1), 500, 10, 5, 10, 1000)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unreliable-below");
        assertThatThrownBy(() -> new LearningProperties(Duration.ZERO, 0.5, 5, 0.1, LearningProperties.Mode.AUTO, Map.of(),
                Duration.ofSeconds(1), 500, 10, 5, 10, 1000)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("half-life");
        LearningProperties properties = new LearningProperties(Duration.ofDays(7), 0.5, 5, 0.1, LearningProperties.Mode.AUTO,
                Map.of("acme", LearningProperties.Mode.SHADOW), Duration.ofSeconds(1), 500, 10, 5, 10, 1000);
        assertThat(properties.modeOf("acme")).isEqualTo(LearningProperties.Mode.SHADOW);
        assertThat(properties.modeOf("other")).isEqualTo(LearningProperties.Mode.AUTO);
        assertThatThrownBy(() -> new LearningProperties(Duration.ofDays(7), 0.5, 5, 0.1, LearningProperties.Mode.AUTO, Map.of(),
                Duration.ofSeconds(1), 500, 10, 5, -1, 1000)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("risk-weight");
    }
}

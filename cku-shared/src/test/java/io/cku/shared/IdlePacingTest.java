package io.cku.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class IdlePacingTest {

    @Test
    void eachIdleLookDoublesTheWaitUpToTheLongest() {
        IdlePacing pacing = new IdlePacing(Duration.ofMillis(200), Duration.ofSeconds(1));
        assertThat(pacing.next()).isEqualTo(Duration.ofMillis(200));
        assertThat(pacing.resting()).isFalse();

        pacing.foundNothing();
        assertThat(pacing.next()).isEqualTo(Duration.ofMillis(400));
        assertThat(pacing.resting()).isTrue();
        pacing.foundNothing();
        pacing.foundNothing();
        assertThat(pacing.next()).isEqualTo(Duration.ofSeconds(1));
        pacing.foundNothing();
        assertThat(pacing.next()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void workFoundBringsTheFirstWaitBack() {
        IdlePacing pacing = new IdlePacing(Duration.ofMillis(200), Duration.ofSeconds(5));
        pacing.foundNothing();
        pacing.foundNothing();

        pacing.foundWork();

        assertThat(pacing.next()).isEqualTo(Duration.ofMillis(200));
        assertThat(pacing.resting()).isFalse();
    }

    @Test
    void aLongestShorterThanTheFirstKeepsTheFirst() {
        IdlePacing pacing = new IdlePacing(Duration.ofMillis(500), Duration.ofMillis(100));
        pacing.foundNothing();
        assertThat(pacing.next()).isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> new IdlePacing(Duration.ZERO, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.cku.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class BellTest {

    @Test
    void aRingWhileNobodyWaitsIsKeptForTheNextWaitAndTakenByIt() throws Exception {
        Bell bell = new Bell();
        bell.ring();
        bell.ring();

        assertThat(bell.await(Duration.ofHours(1))).isTrue();
        long started = System.nanoTime();
        assertThat(bell.await(Duration.ofMillis(50))).as("two rings were one wake-up").isFalse();
        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void aRingWakesAThreadThatWaits() throws Exception {
        Bell bell = new Bell();
        CompletableFuture<Boolean> woken = CompletableFuture.supplyAsync(() -> {
            try {
                return bell.await(Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        bell.ring();

        assertThat(woken.get(10, TimeUnit.SECONDS)).isTrue();
    }
}

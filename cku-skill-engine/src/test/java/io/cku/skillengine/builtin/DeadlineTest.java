package io.cku.skillengine.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class DeadlineTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final TestCancellation cancellation = TestCancellation.notCancelled();

    @Test
    void waitsOnWhileTimeIsLeftAndNobodyCancelled() {
        Deadline deadline = deadline(1_000);

        advanceMs(999);

        assertThat(deadline.stop()).isEmpty();
        assertThat(deadline.remainingMs()).isEqualTo(1);
    }

    @Test
    void stopsAsTimedOutOnceTheTimeoutHasPassed() {
        Deadline deadline = deadline(1_000);

        advanceMs(1_000);

        assertThat(deadline.stop()).contains(Deadline.Stop.TIMED_OUT);
        assertThat(deadline.remainingMs()).isZero();
    }

    @Test
    void waitsInSlicesOfAtMostAHundredMilliseconds() {
        assertThat(deadline(60_000).sliceMs()).isEqualTo(100);
    }

    @Test
    void theLastSliceEndsAtTheDeadline() {
        Deadline deadline = deadline(1_000);

        advanceMs(960);

        assertThat(deadline.sliceMs()).isEqualTo(40);
    }

    @Test
    void neverWaitsZeroOrLessEvenPastTheDeadline() {
        Deadline deadline = deadline(50);

        advanceMs(50);
        assertThat(deadline.sliceMs()).isEqualTo(1);
        advanceMs(10_000);
        assertThat(deadline.sliceMs()).isEqualTo(1);
    }

    @Test
    void seesACancellationAtTheEndOfTheSliceDuringWhichItCame() {
        Deadline deadline = deadline(60_000);
        long slice = deadline.sliceMs();

        cancellation.cancel();
        advanceMs(slice);

        assertThat(slice).isLessThanOrEqualTo(Deadline.SLICE_MS);
        assertThat(deadline.stop()).contains(Deadline.Stop.CANCELLED);
    }

    @Test
    void aCancellationWinsOverAPassedDeadline() {
        Deadline deadline = deadline(100);

        cancellation.cancel();
        advanceMs(200);

        assertThat(deadline.stop()).contains(Deadline.Stop.CANCELLED);
    }

    @Test
    void withoutACancellationOnlyTheDeadlineStopsTheWait() {
        Deadline deadline = new Deadline(100, null, now::get);

        assertThat(deadline.stop()).isEmpty();
        advanceMs(100);
        assertThat(deadline.stop()).contains(Deadline.Stop.TIMED_OUT);
    }

    @Test
    void remembersTheTimeoutItWasSetFromForTheMessage() {
        assertThat(deadline(300).timeoutMs()).isEqualTo(300);
    }

    private Deadline deadline(long timeoutMs) {
        return new Deadline(timeoutMs, cancellation, now::get);
    }

    private void advanceMs(long ms) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }
}

package io.cku.skillengine.builtin;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.cku.shared.Cancellation;

/** A cancellation the test triggers by hand, or one that starts out cancelled. */
final class TestCancellation implements Cancellation {

    private final CountDownLatch cancelled = new CountDownLatch(1);

    static TestCancellation notCancelled() {
        return new TestCancellation();
    }

    static TestCancellation alreadyCancelled() {
        TestCancellation cancellation = new TestCancellation();
        cancellation.cancel();
        return cancellation;
    }

    void cancel() {
        cancelled.countDown();
    }

    @Override
    public boolean isCancelled() {
        return cancelled.getCount() == 0;
    }

    @Override
    public boolean awaitCancellation(Duration duration) throws InterruptedException {
        return cancelled.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    }
}

package io.cku.shared;

import java.time.Duration;

/** Lets long-running work notice that its run was cancelled and stop early. */
public interface Cancellation {

    /** Whether the run has been cancelled. */
    boolean isCancelled();

    /**
     * Waits up to {@code duration}, returning early when the run is cancelled.
     *
     * @return true when the wait ended because of a cancellation
     */
    boolean awaitCancellation(Duration duration) throws InterruptedException;
}

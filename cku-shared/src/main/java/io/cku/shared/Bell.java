package io.cku.shared;

import java.time.Duration;

/**
 * Wakes a background thread that otherwise works in rounds: a ring is kept until the thread takes it, so a ring that
 * comes while the thread works is not lost, and many rings meanwhile are one wake-up.
 */
public final class Bell {

    private boolean rung;

    /** Wakes the waiting thread, or the next wait. */
    public synchronized void ring() {
        rung = true;
        notifyAll();
    }

    /**
     * Waits until the bell rings or {@code round} has passed; whether it rang. The ring is taken: the next wait waits for
     * the next one.
     */
    public synchronized boolean await(Duration round) throws InterruptedException {
        long deadline = System.nanoTime() + round.toNanos();
        while (!rung) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        boolean woken = rung;
        rung = false;
        return woken;
    }
}

package io.cku.skillengine.builtin;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.cku.shared.Cancellation;

/**
 * How long a skill may still wait for work it started (a process, a response), and when to stop waiting: the run was
 * cancelled or the step's time is up. A skill waits one {@link #sliceMs() slice} at a time so that it sees a cancellation
 * within one slice, and maps each {@link Stop} to its own result.
 */
final class Deadline {

    /** The longest single wait: how late a cancellation may be noticed. */
    static final long SLICE_MS = 100;

    /** Why a skill stops waiting before its work is done. */
    enum Stop {
        /** The run was cancelled. */
        CANCELLED,
        /** The step's time is up. */
        TIMED_OUT
    }

    private final long timeoutMs;
    private final long endNanos;
    private final Cancellation cancellation;
    private final LongSupplier nanoClock;

    /** With a clock other than {@link System#nanoTime()}; for tests. */
    Deadline(long timeoutMs, Cancellation cancellation, LongSupplier nanoClock) {
        this.timeoutMs = timeoutMs;
        this.endNanos = nanoClock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        this.cancellation = cancellation;
        this.nanoClock = nanoClock;
    }

    /** A deadline {@code timeoutMs} from now; {@code cancellation} may be null for work nobody can cancel. */
    static Deadline after(long timeoutMs, Cancellation cancellation) {
        return new Deadline(timeoutMs, cancellation, System::nanoTime);
    }

    /** The timeout the deadline was set from, for the message of a step that ran out of time. */
    long timeoutMs() {
        return timeoutMs;
    }

    /** Milliseconds left; zero or less once the deadline has passed. */
    long remainingMs() {
        return TimeUnit.NANOSECONDS.toMillis(endNanos - nanoClock.getAsLong());
    }

    /** How long the next wait may be: at most {@link #SLICE_MS}, and at least 1 ms so that a late loop never spins on zero waits. */
    long sliceMs() {
        return Math.min(SLICE_MS, Math.max(1, remainingMs()));
    }

    /** Why to stop waiting now, cancellation first; empty while the work may go on. */
    Optional<Stop> stop() {
        if (cancellation != null && cancellation.isCancelled()) {
            return Optional.of(Stop.CANCELLED);
        }
        if (remainingMs() <= 0) {
            return Optional.of(Stop.TIMED_OUT);
        }
        return Optional.empty();
    }
}

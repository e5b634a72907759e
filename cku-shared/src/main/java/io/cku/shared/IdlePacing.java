package io.cku.shared;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long a background poller waits before it looks again: {@code first} after a look that found work (or a wake-up),
 * twice as long after each look that found nothing, up to {@code longest}. A busy service is polled as often as before;
 * an idle one leaves its database nearly idle (issue 18: an idle instance committed 40 transactions a second).
 * Thread-safe: several threads may share one pacing.
 */
public final class IdlePacing {

    private final long firstNanos;
    private final long longestNanos;
    private final AtomicLong current;

    public IdlePacing(Duration first, Duration longest) {
        if (first.isNegative() || first.isZero()) {
            throw new IllegalArgumentException("the first wait must be positive, was " + first);
        }
        this.firstNanos = first.toNanos();
        this.longestNanos = Math.max(firstNanos, longest.toNanos());
        this.current = new AtomicLong(firstNanos);
    }

    /** The wait before the next look. */
    public Duration next() {
        return Duration.ofNanos(current.get());
    }

    /** The last look found nothing: the next wait doubles, up to the longest. */
    public void foundNothing() {
        current.updateAndGet(wait -> Math.min(longestNanos, wait * 2));
    }

    /** The last look found work, or someone signalled some: the next wait is the first again. */
    public void foundWork() {
        current.set(firstNanos);
    }

    /** Whether the pacing has slowed down: no work was found since at least one look ago. */
    public boolean resting() {
        return current.get() > firstNanos;
    }
}

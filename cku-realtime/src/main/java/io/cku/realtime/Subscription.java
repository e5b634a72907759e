package io.cku.realtime;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One subscriber's stream: first the stored events after its cursor up to the hub's position when it subscribed (replayed
 * from the store), then the live events the hub hands it, which all come after that position. So the seam has no gap and
 * no duplicate. Live events wait in a bounded buffer; the hub never blocks on a subscriber: when the buffer is full the
 * subscription stops taking events, writes what it holds, and ends with an {@code overflow} carrying the last id delivered.
 * Writing happens on the sender executor, one drain at a time per subscription.
 */
public final class Subscription {

    private static final int REPLAY_PAGE = 500;

    /** The most live events written to the client at once. */
    private static final int BATCH = 256;

    private final EventHub hub;
    private final EventFilter filter;
    private final String principal;
    private final EventSink sink;
    private final Executor senders;
    private final ConcurrentLinkedQueue<Event> buffer = new ConcurrentLinkedQueue<>();
    private final AtomicInteger buffered = new AtomicInteger();
    private final int bufferSize;
    private final long liveFrom;
    private final String resetReason;
    private final AtomicBoolean draining = new AtomicBoolean();
    private long cursor;
    private boolean offered; // the hub's, under its lock
    private boolean opened;
    private boolean replayed;
    private volatile boolean overflowed;
    private volatile boolean heartbeatDue;
    private volatile boolean stalledAfterOverflow;
    private volatile boolean closed;

    Subscription(EventHub hub, EventFilter filter, String principal, EventSink sink, Executor senders, int bufferSize, long after,
            long liveFrom, String resetReason) {
        this.hub = hub;
        this.filter = filter;
        this.principal = principal;
        this.sink = sink;
        this.senders = senders;
        this.bufferSize = bufferSize;
        this.cursor = after;
        this.liveFrom = liveFrom;
        this.resetReason = resetReason;
        sink.whenWritable(this::signal);
    }

    public EventFilter filter() {
        return filter;
    }

    String principal() {
        return principal;
    }

    /** Ends the stream (the client went away, or the service stops). */
    public void close() {
        if (!closed) {
            closed = true;
            hub.removed(this);
            sink.close();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Called by the hub, in id order, for events after {@link #liveFrom} that match; false once the buffer overflowed. The
     * hub calls {@link #signalOffered} after a batch.
     */
    boolean offer(Event event) {
        if (overflowed || closed) {
            return false;
        }
        if (full()) {
            overflowed = true;
            hub.dropped("overflow"); // counted when decided: the final frame waits for the client to read what it was sent
            signal();
            return false;
        }
        buffer.add(event);
        buffered.incrementAndGet();
        offered = true;
        return true;
    }

    /** Starts a drain if events were offered since the last call; called by the hub only, under its lock. */
    void signalOffered() {
        if (offered) {
            offered = false;
            signal();
        }
    }

    /**
     * Whether the subscriber fell its buffer behind. A client that has read everything it was sent is not slow: the hub
     * hands over a whole read at once when it was behind itself, so such a subscriber may hold up to four buffers.
     */
    private boolean full() {
        int held = buffered.get();
        return held >= 4 * bufferSize || held >= bufferSize && !sink.writable();
    }

    /** Takes up to {@code max} buffered events, in order. */
    private int take(List<Event> batch, int max) {
        int taken = 0;
        Event event;
        while (taken < max && (event = buffer.poll()) != null) {
            batch.add(event);
            taken++;
        }
        buffered.addAndGet(-taken);
        return taken;
    }

    /**
     * Every heartbeat interval. A client cut off for overflow that has not read anything for a whole interval since (its
     * final frame still cannot be written) is closed outright: it resumes from the last id it did read.
     */
    void heartbeat() {
        if (overflowed && !sink.writable()) {
            if (stalledAfterOverflow) {
                close();
                return;
            }
            stalledAfterOverflow = true;
        }
        heartbeatDue = true;
        signal();
    }

    /** Starts a drain on the sender executor unless one runs. */
    void signal() {
        if (!closed && draining.compareAndSet(false, true)) {
            senders.execute(this::drain);
        }
    }

    private void drain() {
        try {
            do {
                drainOnce();
                draining.set(false);
            } while (!closed && hasWork() && draining.compareAndSet(false, true));
        } catch (IOException | RuntimeException gone) {
            draining.set(false);
            close();
        }
    }

    private boolean hasWork() {
        return sink.writable() && (!replayed || !buffer.isEmpty() || overflowed || heartbeatDue);
    }

    private void drainOnce() throws IOException {
        if (!opened) {
            opened = true;
            sink.open(hub.retryMillis());
            if (resetReason != null) {
                sink.reset(resetReason, liveFrom);
                close();
                return;
            }
        }
        if (!replayed) {
            replay();
            if (!sink.writable()) {
                return; // resumed from the cursor when the client has read what it was sent
            }
            replayed = true;
        }
        List<Event> batch = new ArrayList<>();
        while (!closed && sink.writable() && take(batch, BATCH) > 0) {
            deliver(batch);
            batch.clear();
        }
        if (!sink.writable()) {
            return;
        }
        if (overflowed && !closed && buffer.isEmpty()) {
            sink.overflow(cursor);
            close();
            return;
        }
        if (heartbeatDue && !closed) {
            heartbeatDue = false;
            sink.heartbeat();
        }
    }

    /** The stored events after the cursor, up to where the live ones begin: from the hub's memory when it has them. */
    private void replay() throws IOException {
        Optional<List<Event>> recent = hub.recent(cursor, liveFrom);
        if (recent.isPresent()) {
            List<Event> events = recent.get();
            for (int from = 0; from < events.size() && !closed && sink.writable(); from += REPLAY_PAGE) {
                deliverUpToLive(events.subList(from, Math.min(events.size(), from + REPLAY_PAGE)));
            }
            return;
        }
        if (filter.runId() != null) {
            while (!closed && cursor < liveFrom) {
                List<Event> page = hub.readForReplay(store -> store.ofRun(filter.runId(), cursor, REPLAY_PAGE));
                if (!deliverUpToLive(page) || page.size() < REPLAY_PAGE) {
                    return;
                }
            }
            return;
        }
        long read = cursor;
        while (!closed && read < liveFrom) {
            long from = read;
            EventStore.Page page = hub.readForReplay(store -> store.after(from, REPLAY_PAGE));
            if (!deliverUpToLive(page.events()) || page.through() <= read) {
                return;
            }
            read = page.through();
        }
    }

    /** Delivers the page's matching events up to where the live ones begin; false once it reached them (or the stream ended). */
    private boolean deliverUpToLive(List<Event> page) throws IOException {
        List<Event> batch = new ArrayList<>(page.size());
        boolean more = true;
        for (Event event : page) {
            if (event.id() > liveFrom) {
                more = false;
                break;
            }
            if (filter.matches(event)) {
                batch.add(event);
            }
        }
        deliver(batch);
        return more && !closed && sink.writable();
    }

    /** Writes the events not delivered yet in one go; a run's stream ends with its terminal event. */
    private void deliver(List<Event> events) throws IOException {
        List<Event> fresh = new ArrayList<>(events.size());
        boolean ends = false;
        for (Event event : events) {
            if (event.id() > cursor && (fresh.isEmpty() || event.id() > fresh.get(fresh.size() - 1).id())) {
                fresh.add(event);
                if (filter.runId() != null && event.endsRun()) {
                    ends = true;
                    break;
                }
            }
        }
        if (closed || fresh.isEmpty()) {
            return;
        }
        sink.send(fresh);
        cursor = fresh.get(fresh.size() - 1).id();
        if (ends) {
            close();
        }
    }
}

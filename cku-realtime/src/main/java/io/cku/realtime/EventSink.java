package io.cku.realtime;

import java.io.IOException;
import java.util.List;

/**
 * Where a subscription writes: a Server-Sent Events response in the service. Called from one thread at a time. A sink that
 * writes without blocking says when it holds what it was given ({@link #writable()} false) and calls back when it can take
 * more, so a client that stops reading holds no thread: its subscription's buffer fills and overflows instead.
 */
public interface EventSink {

    /** Whether the sink takes more now; a blocking sink always does. */
    default boolean writable() {
        return true;
    }

    /** Called once, before anything is written: what to run when the sink becomes writable again. */
    default void whenWritable(Runnable resume) {
    }

    /** The first thing written: how long a client should wait before reconnecting. */
    void open(long retryMillis) throws IOException;

    /** Writes these events, in order, at once (one write to the client for all of them). */
    void send(List<Event> events) throws IOException;

    /** A comment line that keeps proxies from closing an idle stream. */
    void heartbeat() throws IOException;

    /**
     * The subscriber fell behind its buffer: the last thing sent, with the id of the last event delivered, so that the client
     * resumes from there and loses nothing.
     */
    void overflow(long lastDeliveredId) throws IOException;

    /** The requested position cannot be resumed from (older than the retention, or unknown): re-read, then resubscribe. */
    void reset(String reason, long head) throws IOException;

    /** Ends the response; never throws. */
    void close();
}

package io.cku.realtime;

import java.io.IOException;
import java.util.List;

/** Where a subscription writes: a Server-Sent Events response in the service. Called from one thread at a time. */
public interface EventSink {

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

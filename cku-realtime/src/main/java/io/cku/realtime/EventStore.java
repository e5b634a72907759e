package io.cku.realtime;

import java.util.List;

/** The stored stream events are read from (in the service: the audit chain, whose seq is the event id). */
public interface EventStore {

    /** The id of the newest stored entry, streamable or not; 0 when there is none. */
    long head();

    /**
     * The streamable events among the next stored entries after {@code after}, at most {@code limit} entries examined.
     * {@link Page#through()} is the id of the last entry examined (or {@code after} when there was none), where the next
     * read goes on, so entries that are not events are not read twice.
     */
    Page after(long after, int limit);

    /** A run's events after {@code after}, at most {@code limit}, in order. */
    List<Event> ofRun(String runId, long after, int limit);

    /** Events, and how far the store was read to find them. */
    record Page(List<Event> events, long through) {

        public Page {
            events = List.copyOf(events);
        }
    }
}

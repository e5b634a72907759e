package io.cku.realtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The newest events the hub dispatched, kept so that a subscriber resuming from a recent id (a reconnect, a client cut
 * off by overflow) is served from memory instead of reading the store. It covers every event after {@link #coveredAfter}
 * up to the hub's position; older ones, or any while the hub skipped reading, come from the store.
 */
final class RecentEvents {

    private final Event[] ring;
    private int oldest;
    private int size;
    private long coveredAfter;

    RecentEvents(int capacity, long position) {
        this.ring = new Event[Math.max(1, capacity)];
        this.coveredAfter = position;
    }

    /** Events the hub dispatched, in id order, after the last ones added; the oldest make room when it is full. */
    synchronized void add(List<Event> events) {
        for (Event event : events) {
            if (size == ring.length) {
                coveredAfter = ring[oldest].id();
                ring[oldest] = null;
                oldest = (oldest + 1) % ring.length;
                size--;
            }
            ring[(oldest + size) % ring.length] = event;
            size++;
        }
    }

    /** The hub moved to {@code position} without reading what came before it: nothing older is covered any more. */
    synchronized void skippedTo(long position) {
        Arrays.fill(ring, null);
        oldest = 0;
        size = 0;
        coveredAfter = position;
    }

    /** The events after {@code after} up to {@code through}, when memory holds all of them; empty when the store must be read. */
    synchronized Optional<List<Event>> between(long after, long through) {
        if (after < coveredAfter) {
            return Optional.empty();
        }
        List<Event> events = new ArrayList<>();
        for (int i = firstAfter(after); i < size; i++) {
            Event event = ring[(oldest + i) % ring.length];
            if (event.id() > through) {
                break;
            }
            events.add(event);
        }
        return Optional.of(events);
    }

    /** Index (from the oldest) of the first event with an id above {@code after}: ids grow, so a binary search. */
    private int firstAfter(long after) {
        int low = 0;
        int high = size;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (ring[(oldest + middle) % ring.length].id() <= after) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }
}

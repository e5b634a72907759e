package io.cku.realtime;

import java.util.List;
import java.util.function.Consumer;

/**
 * Carries what one instance read from the store to the others, so they need not read it themselves and hear of it at
 * once. Never the only way: every instance also reads the store, so a lost message only delays events.
 */
public interface Fanout extends AutoCloseable {

    /** No other instance to tell (one instance, or several reading the store on their own). */
    Fanout NONE = new Fanout() {
        public void start(Consumer<Batch> receiver) {
        }

        public void publish(Batch batch) {
        }

        public boolean connected() {
            return false;
        }

        public void close() {
        }
    };

    /** Starts receiving other instances' batches (also this instance's own, which the hub ignores). */
    void start(Consumer<Batch> receiver);

    /** Sends a batch; never blocks and never throws. */
    void publish(Batch batch);

    /** Whether messages currently flow. */
    boolean connected();

    @Override
    void close();

    /** The events found reading the store from {@code after} (exclusive) to {@code through} (inclusive). */
    record Batch(long after, long through, List<Event> events) {

        public Batch {
            events = List.copyOf(events);
        }
    }
}

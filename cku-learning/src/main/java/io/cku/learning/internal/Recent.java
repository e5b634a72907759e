package io.cku.learning.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Answers read from the database and kept a moment: what a burst of runs asks at every submission is read once. Bounded:
 * past {@code most} keys it starts afresh.
 */
final class Recent<K, V> {

    private final Duration keep;
    private final int most;
    private final Function<K, V> read;
    private final Map<K, Kept<V>> kept = new ConcurrentHashMap<>();

    Recent(Duration keep, int most, Function<K, V> read) {
        this.keep = keep;
        this.most = most;
        this.read = read;
    }

    V get(K key) {
        long now = System.nanoTime();
        Kept<V> known = kept.get(key);
        if (known != null && now - known.readAt() < keep.toNanos()) {
            return known.value();
        }
        V value = read.apply(key);
        if (kept.size() >= most) {
            kept.clear();
        }
        kept.put(key, new Kept<>(value, now));
        return value;
    }

    private record Kept<V>(V value, long readAt) {
    }
}

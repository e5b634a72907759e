package io.cku.auth.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Rows read at most {@code memory} ago, so that a burst of requests by one account costs one query, not one each. A change
 * made through this instance is forgotten at once (and again when its transaction ends, so that a request reading the old
 * row meanwhile cannot put it back); a change made through another instance is seen once the memory has passed. That
 * bounds how late an instance refuses a disabled account: {@code memory} (half a second by default), within the second the
 * service promises. A zero memory reads every time.
 */
final class RecentReads<K, V> {

    private final Map<K, Read<V>> reads = new ConcurrentHashMap<>();
    private final long memoryNanos;
    private final int capacity;
    private final LongSupplier nanoClock;
    /** Counts forgets: a read that began before one is not kept, whatever key it was for. */
    private final AtomicLong forgets = new AtomicLong();

    RecentReads(Duration memory, int capacity, LongSupplier nanoClock) {
        this.memoryNanos = memory.toNanos();
        this.capacity = capacity;
        this.nanoClock = nanoClock;
    }

    /** The value read for this key less than {@code memory} ago, else what {@code read} reads now (and it is kept). */
    V get(K key, Function<K, V> read) {
        if (memoryNanos <= 0) {
            return read.apply(key);
        }
        long now = nanoClock.getAsLong(); // the age of a read counts from before it began
        Read<V> recent = reads.get(key);
        if (recent != null && now - recent.at() < memoryNanos) {
            return recent.value();
        }
        long forgetsBefore = forgets.get();
        V value = read.apply(key);
        if (forgets.get() == forgetsBefore) {
            if (reads.size() >= capacity) {
                reads.clear(); // many accounts at once: start over rather than track ages for eviction
            }
            reads.put(key, new Read<>(value, now));
        }
        return value;
    }

    /** Forgets the key now and, inside a transaction, again once it has ended. */
    void forget(K key) {
        forgetNow(key);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    forgetNow(key);
                }
            });
        }
    }

    private void forgetNow(K key) {
        forgets.incrementAndGet();
        reads.remove(key);
    }

    int size() {
        return reads.size();
    }

    private record Read<V>(V value, long at) {
    }
}

package io.cku.app.security;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;

/** Buckets in this instance's memory. Full buckets are dropped when the map grows, so many clients cannot exhaust memory. */
final class LocalBuckets implements RateLimiter.BucketStore {

    static final int SWEEP_ABOVE = 50_000;

    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    @Override
    public Optional<ConsumptionProbe> tryConsume(String key, BucketConfiguration configuration) {
        if (buckets.size() > SWEEP_ABOVE) {
            sweep(configuration);
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> Bucket.builder()
                .addLimit(configuration.getBandwidths()[0]).build());
        return Optional.of(bucket.tryConsumeAndReturnRemaining(1));
    }

    /** Forgets buckets that have refilled completely: a new one would be the same. */
    private synchronized void sweep(BucketConfiguration configuration) {
        if (buckets.size() <= SWEEP_ABOVE) {
            return;
        }
        buckets.values().removeIf(bucket -> bucket.getAvailableTokens() >= configuration.getBandwidths()[0].getCapacity());
    }

    @Override
    public void close() {
        buckets.clear();
    }
}

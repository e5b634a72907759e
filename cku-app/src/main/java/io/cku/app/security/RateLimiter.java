package io.cku.app.security;

import java.time.Duration;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;

/**
 * Token buckets per principal and per client IP (bucket4j), refilled continuously: a limit of N per minute gives back one
 * request every 60/N seconds. Buckets live in Redis when {@code cku.redis.url} is set, so every instance draws on the same
 * ones; otherwise in this instance's memory.
 */
@Component
public class RateLimiter implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

    private final BucketStore store;
    private final BucketConfiguration perPrincipal;
    private final BucketConfiguration perIp;

    RateLimiter(RateLimitProperties limits, @Value("${cku.redis.url:}") String redisUrl) {
        this.store = redisUrl.isBlank() ? new LocalBuckets() : new RedisBuckets(redisUrl);
        this.perPrincipal = perMinute(limits.perPrincipalPerMinute());
        this.perIp = perMinute(limits.perIpPerMinute());
        log.info("Rate limits: {} per principal and {} per IP per minute, buckets {}", limits.perPrincipalPerMinute(),
                limits.perIpPerMinute(), redisUrl.isBlank() ? "in memory (one instance)" : "in Redis (shared by instances)");
    }

    /** Takes one request from the client IP's bucket. */
    public Decision takeForClient(String clientIp) {
        return take("ip:" + clientIp, perIp);
    }

    /** Takes one request from the authenticated principal's bucket. */
    public Decision takeForPrincipal(String principal) {
        return take("principal:" + principal, perPrincipal);
    }

    private Decision take(String key, BucketConfiguration configuration) {
        long limit = configuration.getBandwidths()[0].getCapacity();
        Optional<ConsumptionProbe> probe = store.tryConsume(key, configuration);
        if (probe.isEmpty()) {
            return new Decision(true, limit, limit, Duration.ZERO, Duration.ZERO);
        }
        ConsumptionProbe p = probe.get();
        return new Decision(p.isConsumed(), limit, p.getRemainingTokens(), Duration.ofNanos(p.getNanosToWaitForRefill()),
                Duration.ofNanos(p.getNanosToWaitForReset()));
    }

    private static BucketConfiguration perMinute(long requests) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(requests).refillGreedy(requests, Duration.ofMinutes(1)).build())
                .build();
    }

    /** Whether the buckets are in Redis ({@code cku.redis.url}), shared by the instances. */
    public boolean shared() {
        return store instanceof RedisBuckets;
    }

    /** Whether the bucket store answers now, within a second; buckets in memory always do. */
    public boolean storeAnswers() {
        return store.answers();
    }

    @Override
    public void destroy() {
        store.close();
    }

    /**
     * Whether a request may go on, with what the RateLimit headers report.
     *
     * @param retryAfter how long until the next request would be allowed (zero when allowed)
     * @param reset how long until the bucket is full again
     */
    public record Decision(boolean allowed, long limit, long remaining, Duration retryAfter, Duration reset) {
    }

    /** Where buckets are kept. An empty answer means the store could not be asked, and the request is let through. */
    interface BucketStore extends AutoCloseable {

        Optional<ConsumptionProbe> tryConsume(String key, BucketConfiguration configuration);

        /** Whether the store answers within a second. */
        default boolean answers() {
            return true;
        }

        @Override
        void close();
    }
}

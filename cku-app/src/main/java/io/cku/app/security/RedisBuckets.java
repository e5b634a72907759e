package io.cku.app.security;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;

/**
 * Buckets in Redis through bucket4j's Lettuce proxy manager (compare-and-swap), shared by every instance. A bucket's key
 * expires once it would have refilled, so idle clients leave nothing behind. When Redis cannot answer in time the request is
 * let through and a warning logged: an outage of the limiter must not become an outage of the service.
 */
final class RedisBuckets implements RateLimiter.BucketStore {

    private static final Logger log = LoggerFactory.getLogger(RedisBuckets.class);

    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final ProxyManager<String> buckets;

    RedisBuckets(String url) {
        this.client = RedisClient.create(url);
        this.connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        this.buckets = Bucket4jLettuce.casBasedBuilder(connection)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .requestTimeout(Duration.ofSeconds(1))
                .build();
    }

    @Override
    public Optional<ConsumptionProbe> tryConsume(String key, BucketConfiguration configuration) {
        try {
            return Optional.of(buckets.getProxy("cku:ratelimit:" + key, () -> configuration).tryConsumeAndReturnRemaining(1));
        } catch (RuntimeException e) {
            log.warn("Rate limit bucket {} unavailable in Redis, letting the request through: {}", key, e.toString());
            return Optional.empty();
        }
    }

    /** A PING on the buckets' own connection, so the answer is about the Redis the limits use. */
    @Override
    public boolean answers() {
        try {
            return "PONG".equals(connection.async().ping().get(1, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}

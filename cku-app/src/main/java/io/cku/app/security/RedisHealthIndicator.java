package io.cku.app.security;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code redis}: whether the Redis the rate limits share answers a PING within a second. UNKNOWN when
 * {@code cku.redis.url} is not set (buckets in memory: nothing to reach), which does not change the aggregate status; it
 * is always registered so that the readiness group can name it.
 */
@Component
class RedisHealthIndicator implements HealthIndicator {

    private final RateLimiter limiter;

    RedisHealthIndicator(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public Health health() {
        if (!limiter.shared()) {
            return Health.unknown().withDetail("configured", false).build();
        }
        return limiter.storeAnswers() ? Health.up().build() : Health.down().withDetail("error", "no answer to PING within 1 s").build();
    }
}

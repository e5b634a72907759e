package io.cku.app.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Token-bucket limits: each principal and each client IP may make this many requests per minute, refilled continuously.
 * Shared through Redis when {@code cku.redis.url} is set, otherwise held by this instance.
 */
@ConfigurationProperties("cku.ratelimit")
public record RateLimitProperties(
        @DefaultValue("600") long perPrincipalPerMinute,
        @DefaultValue("1200") long perIpPerMinute) {

    public RateLimitProperties {
        if (perPrincipalPerMinute < 1 || perIpPerMinute < 1) {
            throw new IllegalArgumentException("cku.ratelimit.per-principal-per-minute and per-ip-per-minute must be at least 1");
        }
    }
}

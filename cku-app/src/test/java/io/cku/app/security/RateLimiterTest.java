package io.cku.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The in-memory limiter of a single instance: N per minute, then a refusal that says how long until the next token. */
class RateLimiterTest {

    private final RateLimiter limiter = new RateLimiter(new RateLimitProperties(3, 100), "");

    @Test
    void refusesTheRequestPastTheLimitAndSaysWhenTheNextTokenComes() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.takeForPrincipal("default/user:alice").allowed()).isTrue();
        }

        RateLimiter.Decision refused = limiter.takeForPrincipal("default/user:alice");

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.remaining()).isZero();
        assertThat(refused.limit()).isEqualTo(3);
        assertThat(refused.retryAfter()).isBetween(Duration.ofSeconds(19), Duration.ofSeconds(20));
    }

    @Test
    void eachPrincipalAndEachAddressHasItsOwnBucket() {
        for (int i = 0; i < 3; i++) {
            limiter.takeForPrincipal("default/user:alice");
        }

        assertThat(limiter.takeForPrincipal("default/user:alice").allowed()).isFalse();
        assertThat(limiter.takeForPrincipal("default/user:bob").allowed()).isTrue();
        assertThat(limiter.takeForPrincipal("acme/user:alice").allowed()).isTrue();
        assertThat(limiter.takeForClient("10.0.0.1").remaining()).isEqualTo(99);
    }
}

package io.cku.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.cku.auth.AccessToken;
import io.cku.auth.AuthProperties;
import io.cku.auth.InvalidToken;
import io.cku.auth.internal.JwtCodec.TokenSubject;
import io.cku.auth.internal.JwtCodec.VerifiedToken;

/**
 * A verified token is remembered, never beyond what verifying it again would allow: it still expires, a codec whose ring
 * lacks its key (rotated out) never accepts it, a token differing by one character is verified on its own, and the memory
 * stays bounded.
 */
class VerifiedTokensTest {

    private static final String A = "secret-a-of-at-least-thirty-two-bytes-0123456789";
    private static final String B = "secret-b-of-at-least-thirty-two-bytes-0123456789";
    private static final TokenSubject DANA = new TokenSubject("dana", "default", "user", List.of("OPERATOR"), "session-1");

    /** A clock the test moves. */
    private static final class Hands extends Clock {

        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-07T12:00:00Z"));

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void aRememberedTokenStillExpiresWithTheClockSkew() {
        Hands clock = new Hands();
        JwtCodec codec = codec(clock, A);
        AccessToken token = codec.sign(DANA);

        VerifiedToken first = codec.verify(token.value());
        clock.now.set(token.expiresAt().plusSeconds(29));
        VerifiedToken withinSkew = codec.verify(token.value());
        clock.now.set(token.expiresAt().plusSeconds(31));

        assertThat(withinSkew).isSameAs(first);
        assertThatThrownBy(() -> codec.verify(token.value())).isInstanceOf(InvalidToken.class)
                .satisfies(e -> assertThat(((InvalidToken) e).kind()).isEqualTo(InvalidToken.Kind.EXPIRED));
    }

    @Test
    void aTokenVerifiedBeforeItsKeyWasRotatedOutIsRefusedByTheRotatedRing() {
        Hands clock = new Hands();
        AccessToken signedWithA = codec(clock, A).sign(DANA);
        JwtCodec rotating = codec(clock, B, A);
        JwtCodec rotated = codec(clock, B);

        assertThat(rotating.verify(signedWithA.value()).subject()).isEqualTo("dana");
        assertThat(rotating.verify(signedWithA.value()).subject()).as("remembered").isEqualTo("dana");
        assertThatThrownBy(() -> rotated.verify(signedWithA.value())).isInstanceOf(InvalidToken.class)
                .hasMessageContaining("key id is unknown");
    }

    @Test
    void aTokenAlteredAfterAVerifiedOneIsVerifiedOnItsOwn() {
        Hands clock = new Hands();
        JwtCodec codec = codec(clock, A);
        String token = codec.sign(DANA).value();
        codec.verify(token);
        char last = token.charAt(token.length() - 1);
        String altered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');

        assertThatThrownBy(() -> codec.verify(altered)).isInstanceOf(InvalidToken.class);
        assertThatThrownBy(() -> codec.verify(token + " ")).isInstanceOf(InvalidToken.class);
    }

    @Test
    void staysWithinItsCapacityDroppingExpiredTokensFirst() {
        Instant now = Instant.parse("2026-12-07T12:00:00Z");
        VerifiedTokens tokens = new VerifiedTokens(3);
        tokens.put("expired", verified("expired", now.minusSeconds(1)), now);
        tokens.put("one", verified("one", now.plusSeconds(60)), now);
        tokens.put("two", verified("two", now.plusSeconds(60)), now);

        tokens.put("three", verified("three", now.plusSeconds(60)), now);
        assertThat(tokens.size()).isEqualTo(3);
        assertThat(tokens.get("expired")).isNull();
        assertThat(tokens.get("one").id()).isEqualTo("one");

        tokens.put("four", verified("four", now.plusSeconds(60)), now);
        assertThat(tokens.size()).as("nothing expired to drop: all go").isEqualTo(1);
        assertThat(tokens.get("four").id()).isEqualTo("four");
    }

    private static VerifiedToken verified(String id, Instant expiresAt) {
        return new VerifiedToken("dana", "default", "user", id, expiresAt, null);
    }

    private static JwtCodec codec(Clock clock, String current, String... previous) {
        AuthProperties properties = new AuthProperties(current, List.of(previous), null, "", "cku", "cku-api", Duration.ofMinutes(15),
                Duration.ofHours(12), Duration.ofSeconds(30));
        return new JwtCodec(KeyRing.from(properties), properties, clock);
    }
}

package io.cku.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cku.auth.AccessToken;
import io.cku.auth.AuthProperties;
import io.cku.auth.InvalidToken;
import io.cku.auth.internal.JwtCodec.TokenSubject;
import io.cku.auth.internal.JwtCodec.VerifiedToken;
import io.jsonwebtoken.Jwts;

/** Key rotation: one key signs, retired keys still verify, each key is known by its own stable id. */
class KeyRingTest {

    private static final String A = "secret-a-of-at-least-thirty-two-bytes-0123456789";
    private static final String B = "secret-b-of-at-least-thirty-two-bytes-0123456789";
    private static final String C = "secret-c-of-at-least-thirty-two-bytes-0123456789";
    private static final TokenSubject DANA = new TokenSubject("dana", "default", "user", List.of("OPERATOR"), "session-1");

    @Test
    void eachKeyHasItsOwnKeyIdTheSameAfterARestart() {
        KeyRing ring = KeyRing.from(properties(B, A));
        KeyRing restarted = KeyRing.from(properties(B, A));

        assertThat(ring.current().id()).isEqualTo(restarted.current().id()).isEqualTo(KeyRing.from(properties(B)).current().id());
        assertThat(ring.verifying()).hasSize(2).containsKeys(KeyRing.from(properties(A)).current().id(), ring.current().id());
        assertThat(ring.current().id()).isNotEqualTo(KeyRing.from(properties(A)).current().id());
    }

    @Test
    void theKeyIdTellsNothingOfTheSecret() {
        String id = KeyRing.from(properties(A)).current().id();

        assertThat(id).hasSize(16).doesNotContain(A.substring(0, 6))
                .doesNotContain(Base64.getUrlEncoder().encodeToString(A.getBytes(StandardCharsets.UTF_8)).substring(0, 6));
    }

    @Test
    void aTokenSignedWithAPreviousKeyStillVerifies() {
        AccessToken beforeRotation = codec(A).sign(DANA);

        VerifiedToken verified = codec(B, A).verify(beforeRotation.value());

        assertThat(verified.subject()).isEqualTo("dana");
        assertThat(verified.id()).isEqualTo(beforeRotation.id());
    }

    @Test
    void aPreviousKeyNeverSigns() {
        AccessToken afterRotation = codec(B, A).sign(DANA);

        assertThat(codec(B).verify(afterRotation.value()).subject()).as("signed with the current key B").isEqualTo("dana");
        assertThatThrownBy(() -> codec(A).verify(afterRotation.value())).isInstanceOf(InvalidToken.class)
                .hasMessageContaining("key id is unknown");
    }

    @Test
    void aTokenSignedWithAKeyInNeitherListIsRefused() {
        AccessToken retired = codec(A).sign(DANA);

        assertThatThrownBy(() -> codec(B).verify(retired.value())).isInstanceOf(InvalidToken.class)
                .hasMessageContaining("key id is unknown");
        assertThatThrownBy(() -> codec(B, C).verify(retired.value())).isInstanceOf(InvalidToken.class)
                .hasMessageContaining("key id is unknown");
    }

    @Test
    void aTokenNamingAPreviousKeyButSignedWithAnotherIsRefused() {
        String previousId = KeyRing.from(properties(A)).current().id();
        String forged = Jwts.builder().header().keyId(previousId).and().subject("admin").issuer("cku").audience().add("cku-api").and()
                .expiration(Date.from(Instant.now().plusSeconds(600))).id("x").claim("tenant", "default").claim("kind", "user")
                .signWith(SigningKey.of(C.getBytes(StandardCharsets.UTF_8)).key(), Jwts.SIG.HS256).compact();

        assertThatThrownBy(() -> codec(B, A).verify(forged)).isInstanceOf(InvalidToken.class)
                .hasMessageContaining("signature does not verify");
    }

    @Test
    void aUserTokenCarriesItsSessionAndAServiceAccountTokenNone() {
        JwtCodec codec = codec(A);
        TokenSubject machine = new TokenSubject("6108", "default", "sa", List.of("OPERATOR"), null);

        assertThat(codec.verify(codec.sign(DANA).value()).sessionId()).isEqualTo("session-1");
        assertThat(codec.verify(codec.sign(machine).value()).sessionId()).isNull();
    }

    @Test
    void refusesToStartWithAShortPreviousSecretNamingTheSetting() {
        assertThatThrownBy(() -> KeyRing.from(properties(B, "too-short"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CKU_JWT_PREVIOUS_SECRETS").hasMessageContaining("at least 32 bytes");
    }

    @Test
    void blankPreviousSecretsAreIgnored() {
        assertThat(KeyRing.from(properties(B, " ", "")).verifying()).hasSize(1);
    }

    private static JwtCodec codec(String current, String... previous) {
        return new JwtCodec(KeyRing.from(properties(current, previous)), properties(current, previous), Clock.systemUTC());
    }

    private static AuthProperties properties(String current, String... previous) {
        return new AuthProperties(current, List.of(previous), null, "", "cku", "cku-api", Duration.ofMinutes(15), Duration.ofHours(12),
                Duration.ofSeconds(30));
    }
}

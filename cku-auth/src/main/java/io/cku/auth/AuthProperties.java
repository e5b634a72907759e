package io.cku.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Identity and token settings.
 *
 * @param jwtSecret the HMAC key for access tokens ({@code CKU_JWT_SECRET}, at least 32 bytes); empty: a generated key kept in
 *        {@code keyFile} (refused in the prod profile)
 * @param previousSecrets retired keys ({@code CKU_JWT_PREVIOUS_SECRETS}, comma-separated, each at least 32 bytes): tokens they
 *        signed still verify until they expire, but nothing is signed with them any more
 * @param adminPassword the bootstrap administrator's password ({@code CKU_ADMIN_PASSWORD}); empty: generated and logged once
 * @param tokenTtl how long an access token is valid
 * @param refreshTokenTtl how long a login session lasts: its refresh tokens, however often rotated, expire this long after
 *        the login
 * @param clockSkew the clock difference tolerated between this service and the one that checks a token's times
 */
@ConfigurationProperties("cku.auth")
public record AuthProperties(
        String jwtSecret,
        List<String> previousSecrets,
        Path keyFile,
        String adminPassword,
        @DefaultValue("cku") String issuer,
        @DefaultValue("cku-api") String audience,
        @DefaultValue("15m") Duration tokenTtl,
        @DefaultValue("12h") Duration refreshTokenTtl,
        @DefaultValue("30s") Duration clockSkew) {

    /** Shortest accepted {@code CKU_JWT_SECRET}, in bytes: HS256 needs a 256-bit key. */
    public static final int MIN_SECRET_BYTES = 32;

    public AuthProperties {
        jwtSecret = jwtSecret == null ? "" : jwtSecret;
        previousSecrets = previousSecrets == null ? List.of() : previousSecrets.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        adminPassword = adminPassword == null ? "" : adminPassword;
        requirePositive("cku.auth.token-ttl", tokenTtl);
        requirePositive("cku.auth.refresh-token-ttl", refreshTokenTtl);
    }

    private static void requirePositive(String property, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(property + " must be positive; was " + value);
        }
    }
}

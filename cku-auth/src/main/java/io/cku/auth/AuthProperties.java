package io.cku.auth;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Identity and token settings.
 *
 * @param jwtSecret the HMAC key for access tokens ({@code CKU_JWT_SECRET}, at least 32 bytes); empty: a generated key kept in
 *        {@code keyFile} (refused in the prod profile)
 * @param adminPassword the bootstrap administrator's password ({@code CKU_ADMIN_PASSWORD}); empty: generated and logged once
 * @param tokenTtl how long an access token is valid
 * @param clockSkew the clock difference tolerated between this service and the one that checks a token's times
 */
@ConfigurationProperties("cku.auth")
public record AuthProperties(
        String jwtSecret,
        Path keyFile,
        String adminPassword,
        @DefaultValue("cku") String issuer,
        @DefaultValue("cku-api") String audience,
        @DefaultValue("15m") Duration tokenTtl,
        @DefaultValue("30s") Duration clockSkew) {

    /** Shortest accepted {@code CKU_JWT_SECRET}, in bytes: HS256 needs a 256-bit key. */
    public static final int MIN_SECRET_BYTES = 32;

    public AuthProperties {
        jwtSecret = jwtSecret == null ? "" : jwtSecret;
        adminPassword = adminPassword == null ? "" : adminPassword;
        if (tokenTtl.isNegative() || tokenTtl.isZero()) {
            throw new IllegalArgumentException("cku.auth.token-ttl must be positive; was " + tokenTtl);
        }
    }
}

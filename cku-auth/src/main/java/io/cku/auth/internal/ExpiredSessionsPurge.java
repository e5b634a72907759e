package io.cku.auth.internal;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes refresh tokens and revocations whose time has passed: an expired token is refused for its expiry alone, so
 * neither its row nor its revocation can change an answer any more. Every instance purges; the deletes do not conflict.
 */
@Component
class ExpiredSessionsPurge {

    private static final Logger log = LoggerFactory.getLogger(ExpiredSessionsPurge.class);

    private final RefreshTokenRepository refreshTokens;
    private final RevocationRepository revocations;

    ExpiredSessionsPurge(RefreshTokenRepository refreshTokens, RevocationRepository revocations) {
        this.refreshTokens = refreshTokens;
        this.revocations = revocations;
    }

    @Scheduled(initialDelay = 1, fixedDelay = 10, timeUnit = TimeUnit.MINUTES)
    void purge() {
        Instant now = Instant.now();
        try {
            int tokens = refreshTokens.deleteExpired(now);
            int revoked = revocations.deleteExpired(now);
            log.debug("Deleted {} expired refresh tokens and {} expired revocations", tokens, revoked);
        } catch (DataAccessException e) {
            log.warn("Cannot delete expired refresh tokens and revocations (tried again in 10 minutes): {}", e.getMessage());
        }
    }
}

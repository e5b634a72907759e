package io.cku.auth.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.cku.auth.AccessToken;
import io.cku.auth.AuthProperties;
import io.cku.auth.Caller;
import io.cku.auth.RefreshToken;
import io.cku.auth.RefreshTokenRefused;
import io.cku.auth.SecurityEvent.RefreshTokenReused;
import io.cku.auth.SecurityEvent.SessionRevoked;
import io.cku.auth.SecurityEvent.TokenRefreshed;
import io.cku.auth.Sessions;
import io.cku.auth.TokenPair;
import io.cku.auth.internal.AccountRepository.StoredUser;
import io.cku.auth.internal.JwtCodec.TokenSubject;
import io.cku.auth.internal.RefreshTokenRepository.StoredRefreshToken;
import io.cku.shared.Actor;
import io.cku.shared.Timestamps;

/**
 * Login sessions as refresh token families, rotated on every use with reuse detection (OAuth 2.0 Security BCP, RFC 9700
 * §4.14.2). The family id is the access tokens' {@code sid}, so ending a session refuses its live access tokens too.
 */
@Service
class RefreshTokenSessions implements Sessions {

    private final RefreshTokenRepository refreshTokens;
    private final AccountRepository accounts;
    private final JwtCodec tokens;
    private final RevokedSessions revoked;
    private final AuthProperties properties;
    private final ApplicationEventPublisher events;

    RefreshTokenSessions(RefreshTokenRepository refreshTokens, AccountRepository accounts, JwtCodec tokens, RevokedSessions revoked,
            AuthProperties properties, ApplicationEventPublisher events) {
        this.refreshTokens = refreshTokens;
        this.accounts = accounts;
        this.tokens = tokens;
        this.revoked = revoked;
        this.properties = properties;
        this.events = events;
    }

    /** A new session for a user whose password was just accepted; it ends {@code cku.auth.refresh-token-ttl} from now. */
    TokenPair start(StoredUser user) {
        Instant now = Timestamps.now();
        return issue(user, UUID.randomUUID(), now.plus(properties.refreshTokenTtl()), now);
    }

    @Override
    // a detected reuse answers with a refusal, and the family's revocation must commit all the same
    @Transactional(noRollbackFor = RefreshTokenRefused.class)
    public TokenPair refresh(String refreshToken, String client) {
        StoredRefreshToken presented = refreshToken != null && refreshToken.startsWith(OpaqueTokens.REFRESH_TOKEN)
                ? refreshTokens.lock(OpaqueTokens.hash(refreshToken)).orElse(null) : null;
        if (presented == null) {
            throw new RefreshTokenRefused("the refresh token is unknown");
        }
        Instant now = Timestamps.now();
        if (presented.revokedAt() != null) {
            throw new RefreshTokenRefused("the refresh token's session has been ended; log in again");
        }
        if (presented.usedAt() != null) {
            reused(presented, client, now);
            throw new RefreshTokenRefused("the refresh token was used before, so its session has been ended; log in again");
        }
        if (!presented.expiresAt().isAfter(now)) {
            throw new RefreshTokenRefused("the refresh token has expired; log in again");
        }
        return rotate(presented, client, now);
    }

    @Override
    @Transactional
    public void revoke(Caller caller, String reason) {
        Instant now = Timestamps.now();
        revoked.revokeToken(caller.tokenId(), caller.expiresAt().plus(properties.clockSkew()));
        Tenants.uuid(caller.sessionId()).ifPresent(family -> end(family, now));
        events.publishEvent(new SessionRevoked(caller.actor(), caller.actor(), caller.sessionId(), caller.tokenId(), reason, now));
    }

    /** Ends every session of the user, inside the caller's transaction (the user is being disabled). */
    void endAllOf(Actor by, StoredUser user, String reason) {
        Instant now = Timestamps.now();
        Actor owner = actor(user);
        for (UUID family : refreshTokens.revokeFamiliesOf(user.username(), now)) {
            revoked.revokeSession(family.toString(), accessTokensExpired(now));
            events.publishEvent(new SessionRevoked(by, owner, family.toString(), null, reason, now));
        }
    }

    private TokenPair rotate(StoredRefreshToken presented, String client, Instant now) {
        StoredUser user = accounts.user(presented.username())
                .filter(found -> found.enabled() && found.tenant().equals(presented.tenant()))
                .orElseThrow(() -> new RefreshTokenRefused("the refresh token's user is disabled or no longer exists"));

        TokenPair next = issue(user, presented.family(), presented.expiresAt(), now);
        refreshTokens.markUsed(presented.hash(), OpaqueTokens.hash(next.refresh().value()), now);
        events.publishEvent(new TokenRefreshed(actor(user), presented.family().toString(), next.access().id(),
                next.access().expiresAt(), client, "refresh token used up for the next one", now));
        return next;
    }

    private void reused(StoredRefreshToken presented, String client, Instant now) {
        end(presented.family(), now);
        events.publishEvent(new RefreshTokenReused(new Actor(Actor.Kind.USER, presented.username(), presented.tenant()),
                presented.family().toString(), client, "a used refresh token was presented again: the session is taken as stolen", now));
    }

    /** The family's refresh tokens and every access token issued in it stop working. */
    private void end(UUID family, Instant now) {
        refreshTokens.revokeFamily(family, now);
        revoked.revokeSession(family.toString(), accessTokensExpired(now));
    }

    private TokenPair issue(StoredUser user, UUID family, Instant sessionEnds, Instant now) {
        String refresh = OpaqueTokens.generate(OpaqueTokens.REFRESH_TOKEN);
        refreshTokens.insert(StoredRefreshToken.issued(OpaqueTokens.hash(refresh), family, user.username(), user.tenant(), now,
                sessionEnds));
        AccessToken access = tokens.sign(new TokenSubject(user.username(), user.tenant().value(), Actor.Kind.USER.prefix(),
                JwtCodec.names(user.roles()), family.toString()));
        return new TokenPair(access, new RefreshToken(refresh, sessionEnds, Duration.between(now, sessionEnds).toSeconds()));
    }

    /** When every access token issued until now has expired, the clock skew tolerated included. */
    private Instant accessTokensExpired(Instant now) {
        return now.plus(properties.tokenTtl()).plus(properties.clockSkew());
    }

    private static Actor actor(StoredUser user) {
        return new Actor(Actor.Kind.USER, user.username(), user.tenant());
    }
}

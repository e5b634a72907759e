package io.cku.auth.internal;

import org.springframework.stereotype.Service;

import io.cku.auth.Caller;
import io.cku.auth.InvalidToken;
import io.cku.auth.TokenVerifier;
import io.cku.auth.internal.JwtCodec.VerifiedToken;
import io.cku.shared.Actor;
import io.cku.shared.TenantId;

/**
 * Verifies the token, reads the account — a disabled user or revoked service account is refused on its next request
 * through the instance that changed it and within {@code cku.auth.account-memory} (half a second) on the others, and role
 * changes apply as soon — and refuses the token if it or its session was revoked, which is checked in memory.
 */
@Service
class AccessTokenVerifier implements TokenVerifier {

    private final JwtCodec tokens;
    private final AccountRepository accounts;
    private final RevokedSessions revoked;

    AccessTokenVerifier(JwtCodec tokens, AccountRepository accounts, RevokedSessions revoked) {
        this.tokens = tokens;
        this.accounts = accounts;
        this.revoked = revoked;
    }

    @Override
    public Caller verify(String token) {
        VerifiedToken verified = tokens.verify(token);
        Caller caller = caller(verified);
        if (revoked.isRevoked(verified.id(), verified.sessionId())) {
            throw new InvalidToken(InvalidToken.Kind.REVOKED, "the token has been revoked (its session was ended)");
        }
        return caller;
    }

    /** The account's state is checked before the revocations: a disabled user is told so, though their sessions ended too. */
    private Caller caller(VerifiedToken verified) {
        if (!TenantId.isValid(verified.tenant())) {
            throw new InvalidToken("the token's tenant is malformed");
        }
        TenantId tenant = new TenantId(verified.tenant());
        if (Actor.Kind.USER.prefix().equals(verified.kind())) {
            return user(verified, tenant);
        }
        if (Actor.Kind.SERVICE_ACCOUNT.prefix().equals(verified.kind())) {
            return serviceAccount(verified, tenant);
        }
        throw new InvalidToken("the token's kind is unknown");
    }

    private Caller user(VerifiedToken token, TenantId tenant) {
        return accounts.recentUser(token.subject())
                .filter(user -> user.enabled() && user.tenant().equals(tenant))
                .map(user -> new Caller(new Actor(Actor.Kind.USER, user.username(), tenant), user.roles(), token.id(), token.expiresAt(),
                        token.sessionId()))
                .orElseThrow(() -> new InvalidToken(InvalidToken.Kind.ACCOUNT_DISABLED,
                        "the token's user is disabled or no longer exists"));
    }

    private Caller serviceAccount(VerifiedToken token, TenantId tenant) {
        return Tenants.uuid(token.subject()).flatMap(accounts::recentServiceAccount)
                .filter(account -> account.revokedAt() == null && account.tenant().equals(tenant))
                .map(account -> new Caller(new Actor(Actor.Kind.SERVICE_ACCOUNT, account.name(), tenant), account.roles(), token.id(),
                        token.expiresAt(), null))
                .orElseThrow(() -> new InvalidToken(InvalidToken.Kind.ACCOUNT_DISABLED,
                        "the token's service account is revoked or no longer exists"));
    }
}

package io.cku.auth.internal;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

import io.cku.auth.AccessToken;
import io.cku.auth.BadCredentials;
import io.cku.auth.Login;
import io.cku.auth.TokenPair;
import io.cku.auth.SecurityEvent.LoginFailed;
import io.cku.auth.SecurityEvent.LoginSucceeded;
import io.cku.auth.SecurityEvent.TokenIssued;
import io.cku.auth.internal.AccountRepository.StoredServiceAccount;
import io.cku.auth.internal.AccountRepository.StoredUser;
import io.cku.auth.internal.JwtCodec.TokenSubject;
import io.cku.shared.Actor;
import io.cku.shared.TenantId;

@Service
class CredentialLogin implements Login {

    private final AccountRepository accounts;
    private final PasswordEncoder passwords;
    private final JwtCodec tokens;
    private final RefreshTokenSessions sessions;
    private final ApplicationEventPublisher events;
    /** Checked against when the user does not exist, so both refusals take as long. */
    private final String decoyHash;

    CredentialLogin(AccountRepository accounts, PasswordEncoder passwords, JwtCodec tokens, RefreshTokenSessions sessions,
            ApplicationEventPublisher events) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.tokens = tokens;
        this.sessions = sessions;
        this.events = events;
        this.decoyHash = passwords.encode(UUID.randomUUID().toString());
    }

    @Override
    public TokenPair withPassword(String username, String password, String client) {
        String name = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        Optional<StoredUser> user = name.isEmpty() ? Optional.empty() : accounts.user(name);
        boolean matches = passwords.matches(password == null ? "" : password, user.map(StoredUser::passwordHash).orElse(decoyHash));
        if (user.isEmpty() || !matches || !user.get().enabled()) {
            String why = user.isEmpty() ? "unknown user" : !matches ? "wrong password" : "user disabled";
            TenantId tenant = user.map(StoredUser::tenant).orElse(TenantId.DEFAULT);
            events.publishEvent(new LoginFailed(new Actor(Actor.Kind.USER, abbreviate(name), tenant), "password", client, why, now()));
            throw new BadCredentials();
        }
        StoredUser found = user.get();
        Actor actor = new Actor(Actor.Kind.USER, found.username(), found.tenant());
        events.publishEvent(new LoginSucceeded(actor, "password", client, "password accepted", now()));
        TokenPair session = sessions.start(found);
        issued(actor, session.access(), "password");
        return session;
    }

    @Override
    public AccessToken withApiKey(String apiKey, String client) {
        Optional<StoredServiceAccount> account = apiKey == null || !apiKey.startsWith(OpaqueTokens.API_KEY)
                ? Optional.empty() : accounts.serviceAccountByKey(OpaqueTokens.hash(apiKey));
        if (account.isEmpty() || account.get().revokedAt() != null) {
            String why = account.isEmpty() ? "unknown API key" : "service account revoked";
            Actor claimed = account.map(a -> new Actor(Actor.Kind.SERVICE_ACCOUNT, a.name(), a.tenant()))
                    .orElse(new Actor(Actor.Kind.SERVICE_ACCOUNT, "unknown", TenantId.DEFAULT));
            events.publishEvent(new LoginFailed(claimed, "api-key", client, why, now()));
            throw new BadCredentials();
        }
        StoredServiceAccount found = account.get();
        Actor actor = new Actor(Actor.Kind.SERVICE_ACCOUNT, found.name(), found.tenant());
        events.publishEvent(new LoginSucceeded(actor, "api-key", client, "api-key accepted", now()));
        AccessToken token = tokens.sign(new TokenSubject(found.id().toString(), actor.tenant().value(), actor.kind().prefix(),
                JwtCodec.names(found.roles()), null));
        issued(actor, token, "api-key");
        return token;
    }

    private void issued(Actor actor, AccessToken token, String method) {
        events.publishEvent(new TokenIssued(actor, token.id(), token.expiresAt(), "login with " + method, now()));
    }

    private static String abbreviate(String name) {
        return name.length() > 64 ? name.substring(0, 64) : name.isEmpty() ? "(none)" : name;
    }

    private static Instant now() {
        return Instant.now();
    }
}

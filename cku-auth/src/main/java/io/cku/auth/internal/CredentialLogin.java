package io.cku.auth.internal;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

import io.cku.auth.AccessToken;
import io.cku.auth.BadCredentials;
import io.cku.auth.Login;
import io.cku.auth.SecurityEvent.LoginFailed;
import io.cku.auth.SecurityEvent.LoginSucceeded;
import io.cku.auth.SecurityEvent.TokenIssued;
import io.cku.auth.internal.AccountRepository.StoredServiceAccount;
import io.cku.auth.internal.AccountRepository.StoredUser;
import io.cku.auth.internal.JwtCodec.TokenSubject;
import io.cku.shared.Actor;
import io.cku.shared.Role;
import io.cku.shared.TenantId;

@Service
class CredentialLogin implements Login {

    private final AccountRepository accounts;
    private final PasswordEncoder passwords;
    private final JwtCodec tokens;
    private final ApplicationEventPublisher events;
    /** Checked against when the user does not exist, so both refusals take as long. */
    private final String decoyHash;

    CredentialLogin(AccountRepository accounts, PasswordEncoder passwords, JwtCodec tokens, ApplicationEventPublisher events) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.tokens = tokens;
        this.events = events;
        this.decoyHash = passwords.encode(UUID.randomUUID().toString());
    }

    @Override
    public AccessToken withPassword(String username, String password, String client) {
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
        return issue(actor, found.username(), found.roles(), "password", client);
    }

    @Override
    public AccessToken withApiKey(String apiKey, String client) {
        Optional<StoredServiceAccount> account = apiKey == null || !apiKey.startsWith(ApiKeys.PREFIX)
                ? Optional.empty() : accounts.serviceAccountByKey(ApiKeys.hash(apiKey));
        if (account.isEmpty() || account.get().revokedAt() != null) {
            String why = account.isEmpty() ? "unknown API key" : "service account revoked";
            Actor claimed = account.map(a -> new Actor(Actor.Kind.SERVICE_ACCOUNT, a.name(), a.tenant()))
                    .orElse(new Actor(Actor.Kind.SERVICE_ACCOUNT, "unknown", TenantId.DEFAULT));
            events.publishEvent(new LoginFailed(claimed, "api-key", client, why, now()));
            throw new BadCredentials();
        }
        StoredServiceAccount found = account.get();
        Actor actor = new Actor(Actor.Kind.SERVICE_ACCOUNT, found.name(), found.tenant());
        return issue(actor, found.id().toString(), found.roles(), "api-key", client);
    }

    private AccessToken issue(Actor actor, String subject, Set<Role> roles, String method, String client) {
        events.publishEvent(new LoginSucceeded(actor, method, client, method + " accepted", now()));
        AccessToken token = tokens.sign(new TokenSubject(subject, actor.tenant().value(), actor.kind().prefix(), JwtCodec.names(roles)));
        events.publishEvent(new TokenIssued(actor, token.id(), token.expiresAt(), "login with " + method, now()));
        return token;
    }

    private static String abbreviate(String name) {
        return name.length() > 64 ? name.substring(0, 64) : name.isEmpty() ? "(none)" : name;
    }

    private static Instant now() {
        return Instant.now();
    }
}

package io.cku.auth.internal;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.cku.auth.AccountNotFound;
import io.cku.auth.SecurityEvent.UserChanged;
import io.cku.auth.SecurityEvent.UserCreated;
import io.cku.auth.UserManagement;
import io.cku.auth.internal.AccountRepository.StoredUser;
import io.cku.shared.Actor;
import io.cku.shared.Role;
import io.cku.shared.TenantId;
import io.cku.shared.Timestamps;
import io.cku.shared.api.UserChangeRequest;
import io.cku.shared.api.UserRequest;
import io.cku.shared.api.UserView;

@Service
class DefaultUserManagement implements UserManagement {

    private final AccountRepository accounts;
    private final PasswordEncoder passwords;
    private final Tenants tenants;
    private final RefreshTokenSessions sessions;
    private final ApplicationEventPublisher events;

    DefaultUserManagement(AccountRepository accounts, PasswordEncoder passwords, Tenants tenants, RefreshTokenSessions sessions,
            ApplicationEventPublisher events) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.tenants = tenants;
        this.sessions = sessions;
        this.events = events;
    }

    @Override
    @Transactional
    public UserView create(Actor by, UserRequest request) {
        AccountValidation check = new AccountValidation();
        String username = check.name("username", request.username());
        String password = check.password("password", request.password());
        TenantId tenant = check.tenant("tenant", request.tenant(), by.tenant());
        Set<Role> roles = check.roles("roles", request.roles(), true);
        String reason = check.reason(request.reason(), "created by " + by.qualifiedName());
        check.throwIfInvalid();
        TenantScope.require(by, tenant);

        Instant now = Timestamps.now();
        tenants.ensure(by, tenant, "user '" + username + "'", now);
        StoredUser user = new StoredUser(username, tenant, passwords.encode(password), roles, true, by.qualifiedName(), now, now);
        accounts.insert(user);
        events.publishEvent(new UserCreated(by, username, tenant, roles, reason, now));
        return user.view();
    }

    @Override
    public List<UserView> list(Actor by, Optional<TenantId> tenant) {
        TenantId target = tenant.orElse(by.tenant());
        TenantScope.require(by, target);
        return accounts.users(target).stream().map(StoredUser::view).toList();
    }

    @Override
    @Transactional
    public UserView change(Actor by, String username, UserChangeRequest request) {
        StoredUser user = accounts.user(username == null ? "" : username.trim().toLowerCase(Locale.ROOT))
                .filter(found -> TenantScope.reaches(by, found.tenant()))
                .orElseThrow(() -> new AccountNotFound("user '" + username + "'"));
        AccountValidation check = new AccountValidation();
        Set<Role> roles = request.roles() == null ? user.roles() : check.roles("roles", request.roles(), true);
        boolean enabled = request.enabled() == null ? user.enabled() : request.enabled();
        String reason = check.reason(request.reason(), "changed by " + by.qualifiedName());
        check.check(request.roles() != null || request.enabled() != null, "roles", "give roles, enabled or both to change");
        boolean self = by.kind() == Actor.Kind.USER && by.name().equals(user.username());
        check.check(!self || enabled, "enabled", "administrators cannot disable themselves");
        check.check(!self || roles == null || roles.contains(Role.ADMIN), "roles", "administrators cannot remove their own ADMIN role");
        check.throwIfInvalid();

        StoredUser changed = user.changed(roles, enabled, Timestamps.now());
        accounts.update(changed);
        events.publishEvent(new UserChanged(by, changed.username(), changed.tenant(), roles, enabled, reason, changed.updatedAt()));
        if (user.enabled() && !enabled) {
            // the account check refuses their access tokens already; ending the sessions keeps them refused if the user is
            // enabled again, and stops their refresh tokens
            sessions.endAllOf(by, changed, reason);
        }
        return changed.view();
    }
}

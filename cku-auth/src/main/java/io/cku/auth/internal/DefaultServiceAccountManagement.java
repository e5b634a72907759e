package io.cku.auth.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.cku.auth.AccountNotFound;
import io.cku.auth.SecurityEvent.ServiceAccountCreated;
import io.cku.auth.SecurityEvent.ServiceAccountRevoked;
import io.cku.auth.ServiceAccountManagement;
import io.cku.auth.internal.AccountRepository.StoredServiceAccount;
import io.cku.shared.Actor;
import io.cku.shared.Role;
import io.cku.shared.TenantId;
import io.cku.shared.Timestamps;
import io.cku.shared.api.ServiceAccountRequest;
import io.cku.shared.api.ServiceAccountView;

@Service
class DefaultServiceAccountManagement implements ServiceAccountManagement {

    private final AccountRepository accounts;
    private final Tenants tenants;
    private final ApplicationEventPublisher events;

    DefaultServiceAccountManagement(AccountRepository accounts, Tenants tenants, ApplicationEventPublisher events) {
        this.accounts = accounts;
        this.tenants = tenants;
        this.events = events;
    }

    @Override
    @Transactional
    public ServiceAccountView create(Actor by, ServiceAccountRequest request) {
        AccountValidation check = new AccountValidation();
        String name = check.name("name", request.name());
        TenantId tenant = check.tenant("tenant", request.tenant(), by.tenant());
        Set<Role> roles = check.roles("roles", request.roles(), true);
        String reason = check.reason(request.reason(), "created by " + by.qualifiedName());
        check.throwIfInvalid();
        TenantScope.require(by, tenant);

        Instant now = Timestamps.now();
        tenants.ensure(by, tenant, "service account '" + name + "'", now);
        String key = OpaqueTokens.generate(OpaqueTokens.API_KEY);
        StoredServiceAccount account = new StoredServiceAccount(UUID.randomUUID(), tenant, name, roles, by.qualifiedName(), now, null);
        accounts.insert(account, OpaqueTokens.hash(key));
        events.publishEvent(new ServiceAccountCreated(by, name, tenant, roles, reason, now));
        return account.view(key);
    }

    @Override
    public List<ServiceAccountView> list(Actor by, Optional<TenantId> tenant) {
        TenantId target = tenant.orElse(by.tenant());
        TenantScope.require(by, target);
        return accounts.serviceAccounts(target).stream().map(account -> account.view(null)).toList();
    }

    @Override
    @Transactional
    public ServiceAccountView revoke(Actor by, String id, String reason) {
        StoredServiceAccount account = Tenants.uuid(id).flatMap(accounts::serviceAccount)
                .filter(found -> TenantScope.reaches(by, found.tenant()))
                .orElseThrow(() -> new AccountNotFound("service account '" + id + "'"));
        AccountValidation check = new AccountValidation();
        String why = check.reason(reason, "revoked by " + by.qualifiedName());
        check.throwIfInvalid();

        Instant now = Timestamps.now();
        if (accounts.revoke(account.id(), now)) {
            events.publishEvent(new ServiceAccountRevoked(by, account.name(), account.tenant(), why, now));
        }
        return accounts.serviceAccount(account.id()).orElseThrow().view(null);
    }
}

package io.cku.auth.internal;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import io.cku.auth.SecurityEvent.TenantCreated;
import io.cku.shared.Actor;
import io.cku.shared.TenantId;

/** A tenant comes into being with its first account; this records that once, whichever kind of account it was. */
@Component
class Tenants {

    private final AccountRepository accounts;
    private final ApplicationEventPublisher events;

    Tenants(AccountRepository accounts, ApplicationEventPublisher events) {
        this.accounts = accounts;
        this.events = events;
    }

    /** Creates the tenant unless it exists, publishing {@link TenantCreated} when it did not. */
    void ensure(Actor by, TenantId tenant, String firstAccount, Instant now) {
        if (accounts.ensureTenant(tenant, now)) {
            events.publishEvent(new TenantCreated(by, tenant, "first account of the tenant: " + firstAccount, now));
        }
    }

    /** An id from a path or a token; empty when it is not a UUID, so a malformed id is simply not found. */
    static Optional<UUID> uuid(String value) {
        try {
            return value == null ? Optional.empty() : Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

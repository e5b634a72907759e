package io.cku.auth;

import java.util.List;
import java.util.Optional;

import io.cku.shared.Actor;
import io.cku.shared.TenantId;
import io.cku.shared.api.ServiceAccountRequest;
import io.cku.shared.api.ServiceAccountView;

/** Service accounts for CI and other machines: an API key shown once, exchanged for short-lived tokens, revocable. */
public interface ServiceAccountManagement {

    /** Creates the account; the answer carries its API key, which is never shown again. */
    ServiceAccountView create(Actor by, ServiceAccountRequest request);

    /** The service accounts of a tenant (the administrator's own when empty), revoked ones included. */
    List<ServiceAccountView> list(Actor by, Optional<TenantId> tenant);

    /** Revokes the account: its key and every token issued for it stop working at once. Throws {@link AccountNotFound}. */
    ServiceAccountView revoke(Actor by, String id, String reason);
}

package io.cku.policy;

import java.util.Optional;

import io.cku.shared.TenantId;

/** Where tenants' policy sets are kept; the POLICY gate reads the active one for every run. */
public interface PolicyStore {

    /** The tenant's active policy set, or empty when the tenant has published none. */
    Optional<PolicySet> active(TenantId tenant);
}

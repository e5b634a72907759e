package io.cku.governance;


import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.cku.policy.PolicyRule;
import io.cku.policy.PolicySet;
import io.cku.policy.PolicyStore;
import io.cku.shared.TenantId;

/** A policy store for tests: the last set published per tenant is the active one. */
public final class InMemoryPolicyStore implements PolicyStore {

    private final Map<TenantId, PolicySet> active = new ConcurrentHashMap<>();

    /** Publishes {@code rules} as the tenant's next version and returns the set. */
    public PolicySet publish(TenantId tenant, List<PolicyRule> rules) {
        return active.compute(tenant, (id, current) -> new PolicySet(id, current == null ? 1 : current.version() + 1, rules));
    }

    @Override
    public Optional<PolicySet> active(TenantId tenant) {
        return Optional.ofNullable(active.get(tenant));
    }
}

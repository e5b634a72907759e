package io.cku.policy;

import java.util.List;
import java.util.Objects;

import io.cku.shared.TenantId;

/** One published version of a tenant's policy rules, evaluated in order. */
public record PolicySet(TenantId tenant, int version, List<PolicyRule> rules) {

    public PolicySet {
        Objects.requireNonNull(tenant, "tenant");
        rules = rules == null ? List.of() : List.copyOf(rules);
    }
}

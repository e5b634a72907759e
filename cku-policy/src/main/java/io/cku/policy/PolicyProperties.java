package io.cku.policy;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Overrides of the default role table. {@code cku.policy.roles.OPERATOR=runs:read,runs:submit} replaces what OPERATOR may do
 * everywhere; {@code cku.policy.tenants.acme.roles.OPERATOR=...} replaces it in tenant {@code acme} only.
 */
@ConfigurationProperties("cku.policy")
public record PolicyProperties(Map<String, List<String>> roles, Map<String, TenantPolicy> tenants) {

    public PolicyProperties {
        roles = roles == null ? Map.of() : Map.copyOf(roles);
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
    }

    /** One tenant's overrides. */
    public record TenantPolicy(Map<String, List<String>> roles) {

        public TenantPolicy {
            roles = roles == null ? Map.of() : Map.copyOf(roles);
        }
    }
}

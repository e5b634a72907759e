package io.cku.governance;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.cku.shared.TenantId;
import io.cku.shared.Verdict;

/**
 * What each tenant may reach and spend ({@code cku.governance.tenants.<tenant>.*}; the key {@code "[*]"} applies to every
 * tenant without its own entry). An empty list or an unset quota means no restriction.
 *
 * @param tenants scope and quotas per tenant id
 */
@ConfigurationProperties("cku.governance")
public record TenantLimits(Map<String, TenantLimit> tenants) {

    /** The key of the entry that applies to tenants without their own. */
    public static final String EVERY_TENANT = "*";
    private static final TenantLimit UNRESTRICTED = new TenantLimit(null, null, null, null, null, null, null);

    public TenantLimits {
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
        tenants.forEach((tenant, limit) -> limit.validate("cku.governance.tenants." + tenant));
    }

    /** The limits of a tenant: its own entry, else the {@code *} entry, else none. */
    public TenantLimit of(TenantId tenant) {
        return tenants.getOrDefault(tenant.value(), tenants.getOrDefault(EVERY_TENANT, UNRESTRICTED));
    }

    /**
     * One tenant's scope (TENANT_SCOPE) and quotas (BUDGET).
     *
     * @param skills the skills its plans may use
     * @param hosts the hosts its {@code http} steps may call; {@code *.example.com} matches subdomains
     * @param environments the values its runs' {@code labels.environment} may take
     * @param maxConcurrentRuns runs gating or executing at once
     * @param maxRunsPerDay runs submitted per UTC day
     * @param maxStepsPerRun steps in one plan
     * @param onExceeded what BUDGET answers over a quota: PAUSE (default, an approver may let it through) or REJECT
     */
    public record TenantLimit(List<String> skills, List<String> hosts, List<String> environments, Integer maxConcurrentRuns,
            Integer maxRunsPerDay, Integer maxStepsPerRun, Verdict onExceeded) {

        public TenantLimit {
            skills = skills == null ? List.of() : List.copyOf(skills);
            hosts = hosts == null ? List.of() : List.copyOf(hosts);
            environments = environments == null ? List.of() : List.copyOf(environments);
            onExceeded = onExceeded == null ? Verdict.PAUSE : onExceeded;
        }

        void validate(String prefix) {
            for (Integer quota : new Integer[] {maxConcurrentRuns, maxRunsPerDay, maxStepsPerRun}) {
                if (quota != null && quota < 1) {
                    throw new IllegalArgumentException(prefix + ": quotas must be at least 1, was " + quota);
                }
            }
            if (onExceeded == Verdict.PASS) {
                throw new IllegalArgumentException(prefix + ".on-exceeded must be PAUSE or REJECT");
            }
        }
    }
}

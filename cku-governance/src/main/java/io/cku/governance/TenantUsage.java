package io.cku.governance;

import java.time.Instant;
import java.util.UUID;

import io.cku.shared.TenantId;

/** How much a tenant is using now: what the BUDGET gate compares with its quotas. */
public interface TenantUsage {

    /** Runs of the tenant gating or executing now, other than {@code run}. */
    int activeRuns(TenantId tenant, UUID run);

    /** Runs of the tenant submitted since {@code since}, {@code run} included. */
    int runsSince(TenantId tenant, Instant since);
}

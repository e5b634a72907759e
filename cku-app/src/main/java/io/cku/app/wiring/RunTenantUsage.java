package io.cku.app.wiring;

import java.time.Instant;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.cku.governance.TenantUsage;
import io.cku.orchestrator.RunId;
import io.cku.orchestrator.RunManagement;
import io.cku.shared.TenantId;

/** Gives the BUDGET gate a tenant's usage, counted from the runs the orchestrator stores. */
@Component
class RunTenantUsage implements TenantUsage {

    private final RunManagement runs;

    RunTenantUsage(RunManagement runs) {
        this.runs = runs;
    }

    @Override
    public int activeRuns(TenantId tenant, UUID run) {
        return runs.activeRuns(tenant, new RunId(run));
    }

    @Override
    public int runsSince(TenantId tenant, Instant since) {
        return runs.submittedSince(tenant, since);
    }
}

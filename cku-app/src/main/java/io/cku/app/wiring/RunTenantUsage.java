package io.cku.app.wiring;

import java.time.Instant;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.cku.governance.TenantUsage;
import io.cku.orchestrator.RunId;
import io.cku.orchestrator.RunManagement;
import io.cku.shared.TenantId;

/**
 * Gives the BUDGET gate a tenant's usage, counted from the runs the orchestrator stores. The orchestrator is looked up when
 * first needed: its workers evaluate the gates, so a constructor dependency would be a cycle.
 */
@Component
class RunTenantUsage implements TenantUsage {

    private final ObjectProvider<RunManagement> runs;

    RunTenantUsage(ObjectProvider<RunManagement> runs) {
        this.runs = runs;
    }

    @Override
    public int activeRuns(TenantId tenant, UUID run) {
        return runs.getObject().activeRuns(tenant, new RunId(run));
    }

    @Override
    public int runsSince(TenantId tenant, Instant since) {
        return runs.getObject().submittedSince(tenant, since);
    }
}

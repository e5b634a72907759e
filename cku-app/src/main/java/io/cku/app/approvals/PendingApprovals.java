package io.cku.app.approvals;

import java.util.List;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;

import io.cku.app.views.RunViews;
import io.cku.governance.GateManager;
import io.cku.governance.GateName;
import io.cku.orchestrator.GateResult;
import io.cku.orchestrator.Run;
import io.cku.orchestrator.RunManagement;
import io.cku.shared.TenantId;
import io.cku.orchestrator.Step;
import io.cku.shared.api.PendingApprovalView;

/** What a tenant's people are waiting to decide: paused gates and checkpoint steps, for the API and the web UI alike. */
@Component
public class PendingApprovals {

    private final RunManagement runs;
    private final GateManager gates;
    private final RunViews views;

    PendingApprovals(RunManagement runs, GateManager gates, RunViews views) {
        this.runs = runs;
        this.gates = gates;
        this.views = views;
    }

    /** Every pause of the tenant, a run's paused gate or its waiting checkpoint step ({@code gate} STEP). */
    public List<PendingApprovalView> of(TenantId tenant) {
        return runs.awaitingApproval(tenant).stream()
                .flatMap(run -> Stream.concat(run.waitingGate().stream().map(gate -> pending(run, gate)),
                        run.waitingStep().stream().map(step -> pending(run, step))))
                .toList();
    }

    private PendingApprovalView pending(Run run, Step step) {
        return new PendingApprovalView(run.id().toString(), run.intent(), run.mode().wireName(), run.submitter().qualifiedName(),
                "STEP", step.name(), run.reason(), step.startedAt(), step.nextAttemptAt(), ApprovalDesk.approvalsNeeded(step),
                views.approvalsOfCurrentWait(run, step));
    }

    private PendingApprovalView pending(Run run, GateResult gate) {
        return new PendingApprovalView(run.id().toString(), run.intent(), run.mode().wireName(), run.submitter().qualifiedName(),
                gate.gate(), null, gate.reason(), gate.decidedAt(), gate.deadline(),
                gates.approvalsNeeded(run.mode(), GateName.valueOf(gate.gate())),
                views.approvals(run).stream().filter(a -> a.gate().equals(gate.gate())).toList());
    }
}

package io.cku.app.views;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import io.cku.governance.Approval;
import io.cku.governance.ApprovalLedger;
import io.cku.orchestrator.Attempt;
import io.cku.orchestrator.Compensation;
import io.cku.orchestrator.GateResult;
import io.cku.orchestrator.HealingAction;
import io.cku.orchestrator.Run;
import io.cku.orchestrator.RunId;
import io.cku.orchestrator.RunManagement.VersionedRun;
import io.cku.orchestrator.Step;
import io.cku.shared.api.ApprovalView;
import io.cku.shared.api.AttemptView;
import io.cku.shared.api.CompensationView;
import io.cku.shared.api.HealingActionView;
import io.cku.shared.api.GateView;
import io.cku.shared.api.RunSummary;
import io.cku.shared.api.RunView;
import io.cku.shared.api.StepView;
import tools.jackson.databind.json.JsonMapper;

/** Turns run aggregates into the API's JSON shapes (the responses, and the objects events carry). */
@Component
public class RunViews {

    /** The member of a run change's audit details that holds the changed object as the API showed it then. */
    public static final String AUDIT_MEMBER = "view";

    /** More runs than this read within a while: the memory of their approvals starts over. */
    private static final int REMEMBERED = 10_000;

    private final JsonMapper json;
    private final ApprovalLedger approvals;
    /**
     * Each run's approvals as last read, with the run's version then. Every counted vote moves the version in the vote's
     * transaction (a transition, or {@code touched}), so a run read again at the same version has the same approvals and
     * a reader polling a run costs one query, not two. The approvals were read after the version: they may be newer than
     * it, never older, as the run's other children.
     */
    private final Map<RunId, ApprovalsAt> approvalsByRun = new ConcurrentHashMap<>();

    public RunViews(JsonMapper json, ApprovalLedger approvals) {
        this.json = json;
        this.approvals = approvals;
    }

    public RunView view(VersionedRun versioned) {
        Run run = versioned.run();
        return new RunView(run.id().toString(), run.tenant().value(), run.submitter().qualifiedName(), run.intent(),
                run.mode().wireName(), run.status().name(), run.reason(), run.labels(), run.evidence(), run.createdAt(),
                run.updatedAt(), versioned.version(), run.gates().stream().map(RunViews::view).toList(), approvals(run, versioned.version()),
                run.steps().stream().map(this::view).toList(), run.outcome(),
                run.recommendation() == null ? null : run.recommendation().wireName(),
                run.healing().stream().map(RunViews::view).toList(),
                run.gates().stream().map(GateResult::policyVersion).filter(java.util.Objects::nonNull).findFirst().orElse(null));
    }

    public static HealingActionView view(HealingAction h) {
        return new HealingActionView(h.at(), h.action(), h.step(), h.actor(), h.reason());
    }

    public List<ApprovalView> approvals(Run run) {
        return approvals.of(run.id().value()).stream().map(RunViews::view).toList();
    }

    private List<ApprovalView> approvals(Run run, long version) {
        ApprovalsAt known = approvalsByRun.get(run.id());
        if (known != null && known.version() == version) {
            return known.approvals();
        }
        List<ApprovalView> read = approvals(run);
        if (approvalsByRun.size() >= REMEMBERED) {
            approvalsByRun.clear();
        }
        approvalsByRun.put(run.id(), new ApprovalsAt(version, read));
        return read;
    }

    private record ApprovalsAt(long version, List<ApprovalView> approvals) {
    }

    /** The decisions on the checkpoint step's current wait (a step attempted again waits, and is decided on, anew). */
    public List<ApprovalView> approvalsOfCurrentWait(Run run, Step step) {
        return approvals.of(run.id().value()).stream().filter(a -> step.name().equals(a.step()) && a.attempt() == step.attempts())
                .map(RunViews::view).toList();
    }

    public static GateView view(GateResult g) {
        return new GateView(g.gate(), g.order(), g.verdict().name(), g.reason(), g.decidedAt(), g.deadline());
    }

    public static ApprovalView view(Approval a) {
        return new ApprovalView(a.gate() == null ? "STEP" : a.gate().name(), a.step(), a.actor(), a.approved() ? "APPROVED" : "REJECTED",
                a.reason(), a.decidedAt());
    }

    public RunSummary summary(Run run) {
        return new RunSummary(run.id().toString(), run.intent(), run.mode().wireName(), run.status().name(), run.labels(),
                run.createdAt(), run.updatedAt(), run.outcome());
    }

    public StepView view(Step step) {
        Object output = step.output() == null ? null : json.readValue(step.output(), Object.class);
        Compensation undo = step.compensation();
        return new StepView(step.name(), step.skill(), step.optional(), step.status().name(), step.attempts(), step.startedAt(),
                step.finishedAt(), output, step.error(), step.retry(), step.nextAttemptAt(),
                step.attemptLog().stream().map(RunViews::view).toList(),
                undo == null ? null : new CompensationView(undo.skill(), undo.params(), undo.byItself(), undo.timeoutMs()), step.compensationError());
    }

    private static AttemptView view(Attempt a) {
        return new AttemptView(a.number(), a.startedAt(), a.finishedAt(), a.succeeded() ? "SUCCEEDED" : "FAILED",
                a.classification() == null ? null : a.classification().name(), a.errorType(), a.error(), a.delayMs(), a.nextAttemptAt());
    }
}

package io.cku.app.approvals;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Locale;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.cku.auth.Caller;
import io.cku.governance.Approval;
import io.cku.governance.ApprovalEvent.ApprovalDecided;
import io.cku.governance.ApprovalEvent.StepApprovalDecided;
import io.cku.governance.ApprovalLedger;
import io.cku.governance.GateManager;
import io.cku.governance.GateName;
import io.cku.governance.GovernanceProperties.ModePolicy;
import io.cku.orchestrator.Attempt;
import io.cku.orchestrator.Healing;
import io.cku.orchestrator.IllegalTransition;
import io.cku.orchestrator.Run;
import io.cku.orchestrator.RunId;
import io.cku.orchestrator.RunManagement;
import io.cku.orchestrator.RunStatus;
import io.cku.orchestrator.Step;
import io.cku.orchestrator.StepHealing;
import io.cku.shared.CanonicalJson;
import io.cku.shared.FailureClass;
import io.cku.shared.InvalidRequest;
import io.cku.shared.Timestamps;

/**
 * Where people decide on runs: a paused gate, a checkpoint step, or what follows a failure (retry, rollback, skip, abort).
 * One transaction per decision, holding the run's lock: check that the gate or step waits and that this person may decide,
 * record the vote (once per approver), then resume the run when the quorum is met, or end or heal it on a refusal.
 */
@Service
public class ApprovalDesk {

    private static final int MAX_REASON = 1000;

    private final RunManagement runs;
    private final ApprovalLedger ledger;
    private final GateManager gates;
    private final StepHealing healing;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;

    ApprovalDesk(RunManagement runs, ApprovalLedger ledger, GateManager gates, StepHealing healing, TransactionTemplate tx,
            ApplicationEventPublisher events) {
        this.healing = healing;
        this.runs = runs;
        this.ledger = ledger;
        this.gates = gates;
        this.tx = tx;
        this.events = events;
    }

    /** Records the caller's decision; the answer is the run afterwards and whether the vote counted (not a repeat). */
    public Decision decide(Caller caller, RunId id, String gateName, boolean approve, String reason) {
        GateName gate = gate(gateName);
        String why = reason(reason);
        return tx.execute(status -> {
            Run run = runs.lockForDecision(caller.tenant(), id);
            if (run.waitingGate().filter(waiting -> waiting.gate().equals(gate.name())).isEmpty()) {
                throw new IllegalTransition(run.status(), "gate " + gate + " of this run is not waiting for approval");
            }
            requireEligible(caller, run, gates.policy(run.mode()));
            Instant now = Timestamps.now();
            boolean counted = ledger.record(id.value(), caller.tenant(), new Approval(gate, caller.actor().qualifiedName(), approve, why, now));
            events.publishEvent(new ApprovalDecided(id.value(), caller.actor(), gate, approve, counted, why, now));
            if (!counted) {
                return new Decision(run, false); // this approver decided on this gate before: a second vote changes nothing
            }
            if (!approve) {
                return new Decision(runs.transition(caller.actor(), id,
                        r -> r.approvalRefused(gate.name(), "refused by " + caller.actor().qualifiedName() + ": " + why, now)), counted);
            }
            if (approvals(id, gate) >= gates.approvalsNeeded(run.mode(), gate)) {
                return new Decision(runs.transition(caller.actor(), id, r -> r.approvalGranted(gate.name(), now)), counted);
            }
            runs.touched(id); // the run shows one more vote
            return new Decision(runs.get(caller.tenant(), id), counted);
        });
    }

    /**
     * Records the caller's decision on the checkpoint step the run waits at. Approvals from enough distinct approvers
     * ({@code params.approvals}, 1 by default) let the run go on; a refusal fails the step, and the healing engine's plan for
     * that failure applies (in prod: a person decides; elsewhere the completed steps are rolled back).
     */
    public Decision decideStep(Caller caller, RunId id, String stepName, boolean approve, String reason) {
        String why = reason(reason);
        return tx.execute(status -> {
            Run run = runs.lockForDecision(caller.tenant(), id);
            Step step = run.waitingStep().filter(waiting -> waiting.name().equals(stepName)).orElseThrow(() -> new IllegalTransition(
                    run.status(), "step '" + stepName + "' of this run is not waiting for approval"));
            requireEligible(caller, run, gates.policy(run.mode()));
            Instant now = Timestamps.now();
            String who = caller.actor().qualifiedName();
            boolean counted = ledger.record(id.value(), caller.tenant(), Approval.ofStep(step.name(), step.attempts(), who, approve, why, now));
            events.publishEvent(new StepApprovalDecided(id.value(), caller.actor(), step.name(), approve, counted, why, now));
            if (!counted) {
                return new Decision(run, false); // this approver decided on this wait before: a second vote changes nothing
            }
            if (!approve) {
                String refusal = "refused by " + who + ": " + why;
                Attempt attempt = step.failedAttempt(FailureClass.PERMANENT, "approval-refused", refusal, now);
                Healing plan = healing.afterFailure(run, step, attempt, true, null, now);
                return new Decision(runs.transition(caller.actor(), id, r -> r.stepRefused(step.name(), attempt, plan, now)), counted);
            }
            List<String> approvers = ledger.of(id.value()).stream()
                    .filter(a -> step.name().equals(a.step()) && a.attempt() == step.attempts() && a.approved())
                    .map(Approval::actor).distinct().toList();
            if (approvers.size() >= approvalsNeeded(step)) {
                String output = CanonicalJson.write(Map.of("approvedBy", approvers));
                return new Decision(runs.transition(caller.actor(), id, r -> r.stepApproved(step.name(), output, now)), counted);
            }
            runs.touched(id); // the run shows one more vote
            return new Decision(runs.get(caller.tenant(), id), counted);
        });
    }

    /** How many distinct approvers a checkpoint step needs ({@code params.approvals}, 1 when not given). */
    public static int approvalsNeeded(Step step) {
        Object wanted = step.params().get("approvals");
        return wanted instanceof Number number ? Math.max(1, number.intValue()) : 1;
    }

    /**
     * Records a person's decision for a run waiting after a failure (retry, rollback, skip or abort), under the run's lock and by
     * the same rules as approvals: an approver of the run's mode, not the submitter unless the mode allows it.
     */
    public Run decideAfterFailure(Caller caller, RunId id, String action, String reason) {
        io.cku.orchestrator.Decision decision = io.cku.orchestrator.Decision.fromWireName(action == null ? "" : action.trim().toLowerCase(Locale.ROOT))
                .orElseThrow(() -> InvalidRequest.of("action", "must be one of retry, rollback, skip, abort; was '" + action + "'"));
        String why = reason(reason);
        return tx.execute(status -> {
            Run run = runs.lockForDecision(caller.tenant(), id);
            if (run.status() != RunStatus.AWAITING_DECISION) {
                throw new IllegalTransition(run.status(), "run " + id + " is " + run.status() + ", not waiting for a decision");
            }
            requireEligible(caller, run, gates.policy(run.mode()));
            return runs.transition(caller.actor(), id, r -> r.decided(decision, caller.actor(), why, Timestamps.now()));
        });
    }

    private long approvals(RunId id, GateName gate) {
        return ledger.of(id.value()).stream().filter(a -> a.gate() == gate && a.approved()).map(Approval::actor).distinct().count();
    }

    private static void requireEligible(Caller caller, Run run, ModePolicy policy) {
        if (Collections.disjoint(caller.roles(), policy.approverRoles())) {
            throw new NotAnApprover("in " + run.mode().wireName() + " only " + policy.approverRoles() + " may decide on its runs; you hold "
                    + caller.roles());
        }
        if (!policy.allowSelfApproval() && caller.actor().equals(run.submitter())) {
            throw new NotAnApprover("the submitter may not decide on their own run (separation of duties)");
        }
    }

    private static GateName gate(String name) {
        return Arrays.stream(GateName.values()).filter(g -> g.name().equalsIgnoreCase(name == null ? "" : name.trim()))
                .findFirst().orElseThrow(() -> InvalidRequest.of("gate", "must be one of " + Arrays.toString(GateName.values())));
    }

    private static String reason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw InvalidRequest.of("reason", "is required: say why");
        }
        if (reason.length() > MAX_REASON) {
            throw InvalidRequest.of("reason", "must be at most " + MAX_REASON + " characters");
        }
        return reason.trim();
    }

    /** The run after a decision, and whether the vote counted (false: this approver had already decided on the gate). */
    public record Decision(Run run, boolean counted) {
    }

    /** The caller may not decide on this gate. */
    public static class NotAnApprover extends RuntimeException {

        NotAnApprover(String message) {
            super(message);
        }
    }
}

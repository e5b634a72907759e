package io.cku.governance.gates;

import java.util.List;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import io.cku.governance.Approval;
import io.cku.governance.Gate;
import io.cku.governance.GateContext;
import io.cku.governance.GateDecision;
import io.cku.governance.GateName;
import io.cku.governance.GovernanceProperties;
import io.cku.governance.GovernanceProperties.ModePolicy;
import io.cku.governance.GovernanceProperties.PlanApproval;

/** The two gates that wait for people: PLAN_APPROVAL and CONSENSUS. Each counts distinct approvers of its own pause. */
final class ApprovalGates {

    private ApprovalGates() {
    }

    /** PLAN_APPROVAL: prod always asks, staging asks from a risk score up, dev never. */
    @Component
    static class PlanApprovalGate implements Gate {

        private final GovernanceProperties properties;

        PlanApprovalGate(GovernanceProperties properties) {
            this.properties = properties;
        }

        @Override
        public GateName name() {
            return GateName.PLAN_APPROVAL;
        }

        @Override
        public GateDecision evaluate(GateContext context) {
            ModePolicy policy = properties.of(context.mode());
            int score = OperationsGate.riskScore(context);
            if (policy.planApproval() == PlanApproval.NEVER) {
                return GateDecision.pass(name(), context.mode().wireName() + " needs no plan approval");
            }
            if (policy.planApproval() == PlanApproval.RISK && score < policy.planApprovalRiskScore()) {
                return GateDecision.pass(name(), "risk score " + score + " is below " + policy.planApprovalRiskScore()
                        + ", from which " + context.mode().wireName() + " asks for plan approval");
            }
            return quorum(name(), context, policy, policy.planApprovals(), "the plan");
        }
    }

    /** CONSENSUS: N distinct approvers from the mode's approver roles (separation of duties). */
    @Component
    static class ConsensusGate implements Gate {

        private final GovernanceProperties properties;

        ConsensusGate(GovernanceProperties properties) {
            this.properties = properties;
        }

        @Override
        public GateName name() {
            return GateName.CONSENSUS;
        }

        @Override
        public GateDecision evaluate(GateContext context) {
            ModePolicy policy = properties.of(context.mode());
            if (policy.consensusApprovals() == 0) {
                return GateDecision.pass(name(), context.mode().wireName() + " needs no quorum");
            }
            return quorum(name(), context, policy, policy.consensusApprovals(), "the run");
        }
    }

    static GateDecision quorum(GateName gate, GateContext context, ModePolicy policy, int needed, String what) {
        List<Approval> given = context.approvalsOf(gate);
        String by = given.stream().map(Approval::actor).collect(Collectors.joining(", "));
        if (given.size() >= needed) {
            return GateDecision.pass(gate, what + " approved by " + by);
        }
        return GateDecision.pause(gate, "waiting for " + needed + " distinct approval(s) of " + what + " by " + policy.approverRoles()
                + (policy.allowSelfApproval() ? "" : ", not the submitter") + "; " + given.size() + " so far"
                + (given.isEmpty() ? "" : " (" + by + ")"));
    }
}

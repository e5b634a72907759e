package io.cku.governance.gates;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.cku.governance.Approval;
import io.cku.governance.GateContext;
import io.cku.governance.GateDecision;
import io.cku.governance.GateName;
import io.cku.governance.GovernanceProperties;
import io.cku.governance.PlannedStep;
import io.cku.policy.Permission;
import io.cku.shared.Actor;
import io.cku.shared.Mode;
import io.cku.shared.RiskLevel;
import io.cku.shared.TenantId;
import io.cku.shared.Verdict;

/** SECURITY, PLAN_APPROVAL and CONSENSUS at their boundaries. */
class HumanAndSecurityGatesTest {

    private static final Actor ALICE = new Actor(Actor.Kind.USER, "alice", TenantId.DEFAULT);
    private final GovernanceProperties defaults = GovernanceProperties.defaults();
    private final SecurityGate security = new SecurityGate();
    private final ApprovalGates.PlanApprovalGate planApproval = new ApprovalGates.PlanApprovalGate(defaults);
    private final ApprovalGates.ConsensusGate consensus = new ApprovalGates.ConsensusGate(defaults);

    @Test
    void securityRejectsAProdRunOfASubmitterWithoutProdPermission() {
        GateDecision decision = security.evaluate(run(Mode.PROD, true, EnumSet.of(Permission.RUNS_SUBMIT), 1));

        assertThat(decision.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(decision.reason()).isEqualTo("user:alice does not hold 'runs:submit:prod' in tenant 'default'");
        assertThat(security.evaluate(run(Mode.STAGING, true, EnumSet.of(Permission.RUNS_SUBMIT), 1)).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void securityRejectsARunWhoseSubmitterWasDisabledSince() {
        GateDecision decision = security.evaluate(run(Mode.DEV, false, EnumSet.allOf(Permission.class), 1));

        assertThat(decision.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(decision.reason()).contains("disabled");
    }

    @Test
    void planApprovalAlwaysPausesProdUntilApprovedAndNeverAsksInDev() {
        assertThat(planApproval.evaluate(run(Mode.PROD, true, Set.of(), 1)).verdict()).isEqualTo(Verdict.PAUSE);
        assertThat(planApproval.evaluate(run(Mode.PROD, true, Set.of(), 1, approval(GateName.PLAN_APPROVAL, "user:bob"))).verdict())
                .isEqualTo(Verdict.PASS);
        assertThat(planApproval.evaluate(run(Mode.DEV, true, Set.of(), 20)).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void planApprovalPausesStagingFromTheConfiguredRiskScore() {
        // a LOW step scores 1 + 1 and staging adds 2: 8 steps score 18, 9 steps score 20, the default staging level
        assertThat(planApproval.evaluate(run(Mode.STAGING, true, Set.of(), 8)).verdict()).isEqualTo(Verdict.PASS);
        GateDecision atLevel = planApproval.evaluate(run(Mode.STAGING, true, Set.of(), 9));

        assertThat(atLevel.verdict()).isEqualTo(Verdict.PAUSE);
        assertThat(atLevel.reason()).contains("waiting for 1 distinct approval(s) of the plan");
    }

    @Test
    void consensusNeedsTwoDistinctApproversInProd() {
        Approval bob = approval(GateName.CONSENSUS, "user:bob");
        Approval bobAgain = approval(GateName.CONSENSUS, "user:bob");
        Approval carol = approval(GateName.CONSENSUS, "user:carol");
        Approval bobOnThePlan = approval(GateName.PLAN_APPROVAL, "user:dave");

        assertThat(consensus.evaluate(run(Mode.PROD, true, Set.of(), 1, bob, bobAgain, bobOnThePlan)).verdict()).isEqualTo(Verdict.PAUSE);
        GateDecision twoPeople = consensus.evaluate(run(Mode.PROD, true, Set.of(), 1, bob, carol));
        assertThat(twoPeople.verdict()).isEqualTo(Verdict.PASS);
        assertThat(twoPeople.reason()).isEqualTo("the run approved by user:bob, user:carol");
        assertThat(consensus.evaluate(run(Mode.DEV, true, Set.of(), 1)).verdict()).isEqualTo(Verdict.PASS);
    }

    private static Approval approval(GateName gate, String actor) {
        return new Approval(gate, actor, true, "looks right", Instant.now());
    }

    private static GateContext run(Mode mode, boolean active, Set<Permission> permissions, int lowRiskSteps, Approval... approvals) {
        List<PlannedStep> steps = Collections.nCopies(lowRiskSteps, new PlannedStep("s", "noop", RiskLevel.LOW, Map.of()));
        return new GateContext(UUID.randomUUID(), mode, "deploy", steps, Map.of(), Map.of(), ALICE, active, permissions,
                List.of(approvals), Instant.now());
    }
}

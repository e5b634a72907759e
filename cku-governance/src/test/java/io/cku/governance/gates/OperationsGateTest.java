package io.cku.governance.gates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.cku.governance.FixedChainHealth;
import io.cku.governance.GateContext;
import io.cku.governance.GateDecision;
import io.cku.governance.GateName;
import io.cku.governance.GovernanceProperties;
import io.cku.governance.GovernanceProperties.ModePolicy;
import io.cku.governance.LearnedReliability;
import io.cku.governance.PlannedStep;
import io.cku.shared.Mode;
import io.cku.shared.RiskLevel;
import io.cku.shared.Verdict;

class OperationsGateTest {

    private final OperationsGate defaults = new OperationsGate(new GovernanceProperties(null), FixedChainHealth.verified(),
            LearnedReliability.NONE);

    @Test
    void isTheOperationsGate() {
        assertThat(defaults.name()).isEqualTo(GateName.OPERATIONS);
    }

    @Test
    void scoresOnePointPerStepPlusEachStepsRiskWeight() {
        assertThat(OperationsGate.riskScore(plan(Mode.DEV, RiskLevel.LOW))).isEqualTo(2);
        assertThat(OperationsGate.riskScore(plan(Mode.DEV, RiskLevel.MEDIUM))).isEqualTo(4);
        assertThat(OperationsGate.riskScore(plan(Mode.DEV, RiskLevel.HIGH))).isEqualTo(9);
        assertThat(OperationsGate.riskScore(plan(Mode.DEV, RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH))).isEqualTo(15);
    }

    @Test
    void scoresAnEmptyPlanOnlyByItsMode() {
        GateContext empty = plan(Mode.PROD);

        assertThat(OperationsGate.riskScore(empty)).isEqualTo(5);
        assertThat(OperationsGate.riskScore(plan(Mode.DEV))).isZero();
        assertThat(defaults.evaluate(empty).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void pausesAPlanOverTheProdLimit() {
        GateContext fourHighRiskSteps = plan(Mode.PROD, RiskLevel.HIGH, RiskLevel.HIGH, RiskLevel.HIGH, RiskLevel.HIGH);

        GateDecision decision = defaults.evaluate(fourHighRiskSteps);

        assertThat(decision.verdict()).isEqualTo(Verdict.PAUSE);
        assertThat(decision.reason()).isEqualTo("operational risk score 41 (4 steps + skill risk 32 + prod 5) exceeds the prod limit of 30");
    }

    @Test
    void passesAPlanScoringExactlyTheLimit() {
        RiskLevel[] oneHighEightLow = new RiskLevel[9];
        Arrays.fill(oneHighEightLow, RiskLevel.LOW);
        oneHighEightLow[0] = RiskLevel.HIGH;

        GateDecision decision = defaults.evaluate(plan(Mode.PROD, oneHighEightLow));

        assertThat(decision.verdict()).isEqualTo(Verdict.PASS);
        assertThat(decision.reason()).startsWith("operational risk score 30 (").contains("within the prod limit of 30");
    }

    @Test
    void passesInStagingAndDevTheSamePlanThatProdRejects() {
        RiskLevel[] steps = {RiskLevel.HIGH, RiskLevel.HIGH, RiskLevel.HIGH, RiskLevel.HIGH};

        assertThat(defaults.evaluate(plan(Mode.PROD, steps)).verdict()).isEqualTo(Verdict.PAUSE);
        assertThat(defaults.evaluate(plan(Mode.STAGING, steps)).verdict()).isEqualTo(Verdict.PASS);
        assertThat(defaults.evaluate(plan(Mode.DEV, steps)).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void appliesACustomLimitFromGovernanceProperties() {
        OperationsGate strict = new OperationsGate(new GovernanceProperties(Map.of(Mode.DEV, limit(5))), FixedChainHealth.verified(),
                LearnedReliability.NONE);

        assertThat(strict.evaluate(plan(Mode.DEV, RiskLevel.LOW, RiskLevel.LOW)).verdict()).isEqualTo(Verdict.PASS);
        GateDecision decision = strict.evaluate(plan(Mode.DEV, RiskLevel.MEDIUM, RiskLevel.LOW));
        assertThat(decision.verdict()).isEqualTo(Verdict.PAUSE);
        assertThat(decision.reason()).isEqualTo("operational risk score 6 (2 steps + skill risk 4 + dev 0) exceeds the dev limit of 5");
    }

    @Test
    void holdsEveryRunWhileTheAuditChainIsBrokenAndNamesTheEntry() {
        OperationsGate gate = new OperationsGate(new GovernanceProperties(null), FixedChainHealth.brokenAt(42, "entry 42 is missing"),
                LearnedReliability.NONE);

        GateDecision decision = gate.evaluate(plan(Mode.DEV, RiskLevel.LOW));

        assertThat(decision.verdict()).isEqualTo(Verdict.PAUSE);
        assertThat(decision.reason()).startsWith("audit chain broken at entry 42: entry 42 is missing");
    }

    @Test
    void namesTheVerifiedEntriesWhenTheChainIsHealthy() {
        assertThat(defaults.evaluate(plan(Mode.DEV, RiskLevel.LOW)).reason()).endsWith("audit chain verified, entries 1..100 at 2026-01-01T00:00:00Z");
    }

    @Test
    void addsTheLearnedUnreliabilityOfEachSkillAndTargetOnceAndNamesIt() {
        LearnedReliability learned = (tenant, skill, target) -> switch (target) {
            case "api.example:443" -> java.util.Optional.of(new LearnedReliability.Known(0.14, 6, 8));
            case "db.example:5432" -> java.util.Optional.of(new LearnedReliability.Known(0.97, 40, 0));
            default -> java.util.Optional.empty();
        };
        OperationsGate gate = new OperationsGate(new GovernanceProperties(Map.of(Mode.DEV, limit(10))), FixedChainHealth.verified(),
                learned);
        List<PlannedStep> steps = List.of(
                new PlannedStep("call", "http", RiskLevel.LOW, Map.of(), "api.example:443"),
                new PlannedStep("call-again", "http", RiskLevel.LOW, Map.of(), "api.example:443"),
                new PlannedStep("query", "http", RiskLevel.LOW, Map.of(), "db.example:5432"));

        GateDecision decision = gate.evaluate(new GateContext(UUID.randomUUID(), Mode.DEV, "deploy", steps, Map.of(), Map.of()));

        assertThat(decision.verdict()).as("3 + 3 without learning, + 8 once for the unreliable key").isEqualTo(Verdict.PAUSE);
        assertThat(decision.reason()).isEqualTo("operational risk score 14 (3 steps + skill risk 3 + dev 0 + learned unreliability 8: "
                + "http on api.example:443 8 (score 0.14 over 6 attempts)) exceeds the dev limit of 10");
        GateDecision reliable = gate.evaluate(new GateContext(UUID.randomUUID(), Mode.DEV, "deploy", steps.subList(2, 3), Map.of(),
                Map.of()));
        assertThat(reliable.reason()).as("a reliable key adds nothing and is not named")
                .startsWith("operational risk score 2 (1 step + skill risk 1 + dev 0) within the dev limit of 10");
    }

    @Test
    void refusesARiskLimitBelowOne() {
        assertThatThrownBy(() -> new GovernanceProperties(Map.of(Mode.PROD, limit(0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cku.governance.modes.prod.max-risk-score must be at least 1, was 0");
    }

    private static ModePolicy limit(int maxRiskScore) {
        return new ModePolicy(null, null, null, null, maxRiskScore, null, null, null, null, null, null, null, null, null);
    }

    private static GateContext plan(Mode mode, RiskLevel... risks) {
        List<PlannedStep> steps = Arrays.stream(risks)
                .map(risk -> new PlannedStep("step-" + risk, "noop", risk, Map.of()))
                .toList();
        return new GateContext(UUID.randomUUID(), mode, "deploy", steps, Map.of(), Map.of());
    }
}

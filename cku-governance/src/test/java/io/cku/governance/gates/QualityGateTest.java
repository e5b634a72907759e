package io.cku.governance.gates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.cku.governance.GateContext;
import io.cku.governance.GateDecision;
import io.cku.governance.GateName;
import io.cku.governance.GovernanceProperties;
import io.cku.governance.GovernanceProperties.ModePolicy;
import io.cku.governance.PlannedStep;
import io.cku.shared.Mode;
import io.cku.shared.RiskLevel;
import io.cku.shared.Verdict;

class QualityGateTest {

    private final QualityGate defaults = new QualityGate(GovernanceProperties.defaults());

    @Test
    void isTheQualityGate() {
        assertThat(defaults.name()).isEqualTo(GateName.QUALITY);
    }

    @Test
    void pausesProdCoverageJustBelowEightyPercentAsAFailure() {
        GateDecision decision = defaults.evaluate(run(Mode.PROD, 0.7999, "passed"));

        assertThat(decision.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(decision.reason()).isEqualTo("coverage 79.99% is below the 80.00% that prod requires");
    }

    @Test
    void passesProdCoverageOfExactlyEightyPercent() {
        assertThat(defaults.evaluate(run(Mode.PROD, 0.80, "passed")).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void readsCoverageAsAPercentageAboveOne() {
        assertThat(defaults.evaluate(run(Mode.PROD, 80, "passed")).verdict()).isEqualTo(Verdict.PASS);
        assertThat(defaults.evaluate(run(Mode.PROD, 79.99, "passed")).verdict()).isEqualTo(Verdict.REJECT);
        assertThat(defaults.evaluate(run(Mode.STAGING, 70.0, "passed")).verdict()).isEqualTo(Verdict.PASS);
        assertThat(defaults.evaluate(run(Mode.STAGING, 0.6999, "passed")).verdict()).isEqualTo(Verdict.REJECT);
    }

    @Test
    void failsWhenLintDidNotPass() {
        GateDecision decision = defaults.evaluate(run(Mode.PROD, 0.95, "failed"));

        assertThat(decision.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(decision.reason()).contains("evidence.lint is 'failed'");
    }

    @Test
    void missingEvidenceGetsWhatTheModeConfigures() {
        assertThat(defaults.evaluate(run(Mode.DEV, null, null)).verdict()).isEqualTo(Verdict.PASS);
        assertThat(defaults.evaluate(run(Mode.DEV, null, null)).reason()).startsWith("warning: evidence.coverage is missing");
        assertThat(defaults.evaluate(run(Mode.STAGING, null, "passed")).verdict()).isEqualTo(Verdict.PAUSE);
        assertThat(defaults.evaluate(run(Mode.PROD, 0.9, null)).verdict()).isEqualTo(Verdict.REJECT);
        assertThat(defaults.evaluate(run(Mode.PROD, 0.9, null)).reason()).isEqualTo("evidence.lint is missing in prod");
    }

    @Test
    void devIsAdvisoryLowCoveragePassesWithAWarning() {
        QualityGate strictDev = new QualityGate(new GovernanceProperties(Map.of(Mode.DEV,
                new ModePolicy(null, 0.5, null, null, null, null, null, null, null, null, null, null, null, null))));

        GateDecision decision = strictDev.evaluate(run(Mode.DEV, 0.2, "passed"));

        assertThat(decision.verdict()).isEqualTo(Verdict.PASS);
        assertThat(decision.reason()).startsWith("warning (advisory): coverage 20.00% is below the 50.00%");
    }

    @Test
    void refusesCoverageThatIsNotANumberFrom0To100() {
        assertThat(defaults.evaluate(run(Mode.DEV, "lots", "passed")).verdict()).isEqualTo(Verdict.REJECT);
        assertThat(defaults.evaluate(run(Mode.DEV, 100.5, "passed")).verdict()).isEqualTo(Verdict.REJECT);
        assertThat(defaults.evaluate(run(Mode.DEV, -0.1, "passed")).verdict()).isEqualTo(Verdict.REJECT);
    }

    private static GateContext run(Mode mode, Object coverage, Object lint) {
        Map<String, Object> evidence = new HashMap<>();
        if (coverage != null) {
            evidence.put("coverage", coverage);
        }
        if (lint != null) {
            evidence.put("lint", lint);
        }
        return new GateContext(UUID.randomUUID(), mode, "deploy", List.of(new PlannedStep("s", "noop", RiskLevel.LOW, Map.of())),
                evidence, Map.of());
    }
}

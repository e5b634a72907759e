package io.cku.governance.gates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import io.cku.governance.GateContext;
import io.cku.governance.GateDecision;
import io.cku.governance.GateName;
import io.cku.governance.GovernanceProperties;
import io.cku.governance.GovernanceProperties.ModeThresholds;
import io.cku.shared.Mode;
import io.cku.shared.Verdict;

class QualityGateTest {

    private final QualityGate defaults = new QualityGate(new GovernanceProperties(null));

    @Test
    void isTheQualityGate() {
        assertThat(defaults.name()).isEqualTo(GateName.QUALITY);
    }

    @Test
    void passesADevRunWithoutEvidence() {
        GateDecision decision = defaults.evaluate(run(Mode.DEV, Map.of()));

        assertThat(decision.verdict()).isEqualTo(Verdict.PASS);
        assertThat(decision.reason()).isEqualTo("no coverage threshold in dev");
    }

    @Test
    void rejectsAProdRunWithoutCoverageEvidence() {
        GateDecision decision = defaults.evaluate(run(Mode.PROD, Map.of()));

        assertThat(decision.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(decision.reason()).isEqualTo("no coverage evidence; prod requires at least 80.0%");
    }

    @Test
    void rejectsProdCoverageJustBelowEightyPercent() {
        GateDecision decision = defaults.evaluate(run(Mode.PROD, Map.of("coverage", 79.9)));

        assertThat(decision.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(decision.reason()).contains("79.9%").contains("80.0%").contains("prod");
    }

    @Test
    void passesProdCoverageOfExactlyEightyPercent() {
        assertThat(defaults.evaluate(run(Mode.PROD, Map.of("coverage", 80))).verdict()).isEqualTo(Verdict.PASS);
        assertThat(defaults.evaluate(run(Mode.PROD, Map.of("coverage", 80.0))).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void appliesTheStagingThresholdOfSixtyPercent() {
        assertThat(defaults.evaluate(run(Mode.STAGING, Map.of("coverage", 59.99))).verdict()).isEqualTo(Verdict.REJECT);
        assertThat(defaults.evaluate(run(Mode.STAGING, Map.of("coverage", 60))).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void rejectsFailedLintEvenWithFullCoverageInDev() {
        GateDecision decision = defaults.evaluate(run(Mode.DEV, Map.of("lintPassed", false, "coverage", 100)));

        assertThat(decision.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(decision.reason()).isEqualTo("evidence.lintPassed is false; lint must pass");
    }

    @Test
    void passesPassedLintWithEnoughCoverageInProd() {
        GateDecision decision = defaults.evaluate(run(Mode.PROD, Map.of("lintPassed", true, "coverage", 91.5)));

        assertThat(decision.verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void rejectsCoverageThatIsNotANumber() {
        GateDecision decision = defaults.evaluate(run(Mode.DEV, Map.of("coverage", "85%")));

        assertThat(decision.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(decision.reason()).isEqualTo("evidence.coverage must be a percentage from 0 to 100, was 85%");
    }

    @Test
    void rejectsCoverageOutsideZeroToHundred() {
        assertThat(defaults.evaluate(run(Mode.DEV, Map.of("coverage", Double.NaN))).verdict()).isEqualTo(Verdict.REJECT);
        assertThat(defaults.evaluate(run(Mode.DEV, Map.of("coverage", 140))).verdict()).isEqualTo(Verdict.REJECT);
    }

    @Test
    void rejectsLintEvidenceThatIsNotTrue() {
        assertThat(defaults.evaluate(run(Mode.DEV, Map.of("lintPassed", "false"))).verdict()).isEqualTo(Verdict.REJECT);
    }

    @Test
    void appliesCustomThresholdsAndKeepsDefaultsForModesLeftOut() {
        QualityGate strict = new QualityGate(new GovernanceProperties(Map.of(
                Mode.PROD, new ModeThresholds(95.0, 30),
                Mode.DEV, new ModeThresholds(50.0, 100))));

        assertThat(strict.evaluate(run(Mode.PROD, Map.of("coverage", 90))).verdict()).isEqualTo(Verdict.REJECT);
        assertThat(strict.evaluate(run(Mode.PROD, Map.of("coverage", 95))).verdict()).isEqualTo(Verdict.PASS);
        assertThat(strict.evaluate(run(Mode.DEV, Map.of())).verdict()).isEqualTo(Verdict.REJECT);
        assertThat(strict.evaluate(run(Mode.STAGING, Map.of("coverage", 60))).verdict()).isEqualTo(Verdict.PASS);
        assertThat(strict.evaluate(run(Mode.STAGING, Map.of("coverage", 59))).verdict()).isEqualTo(Verdict.REJECT);
    }

    @Test
    void bindsCustomThresholdsFromConfigurationProperties() {
        GovernanceProperties properties = bind(Map.of(
                "cku.governance.modes.prod.min-coverage", "90",
                "cku.governance.modes.prod.max-risk-score", "30"));

        QualityGate gate = new QualityGate(properties);

        assertThat(gate.evaluate(run(Mode.PROD, Map.of("coverage", 85))).verdict()).isEqualTo(Verdict.REJECT);
        assertThat(gate.evaluate(run(Mode.PROD, Map.of("coverage", 90))).verdict()).isEqualTo(Verdict.PASS);
    }

    /** Tuning only the prod risk limit must not quietly drop prod's coverage requirement. */
    @Test
    void keepsTheProdCoverageThresholdWhenOnlyTheProdRiskLimitIsConfigured() {
        GovernanceProperties properties = bind(Map.of("cku.governance.modes.prod.max-risk-score", "40"));

        GateDecision decision = new QualityGate(properties).evaluate(run(Mode.PROD, Map.of()));

        assertThat(decision.verdict()).isEqualTo(Verdict.REJECT);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, 100.1})
    void refusesACoverageThresholdOutsideZeroToHundred(double minCoverage) {
        assertThatThrownBy(() -> new ModeThresholds(minCoverage, 30))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("min-coverage must be within 0..100")
                .hasMessageContaining(String.valueOf(minCoverage));
    }

    private static GovernanceProperties bind(Map<String, String> configuration) {
        return new Binder(new MapConfigurationPropertySource(new HashMap<>(configuration)))
                .bindOrCreate("cku.governance", GovernanceProperties.class);
    }

    private static GateContext run(Mode mode, Map<String, Object> evidence) {
        return new GateContext(UUID.randomUUID(), mode, "ship the release", List.of(), evidence, Map.of());
    }
}

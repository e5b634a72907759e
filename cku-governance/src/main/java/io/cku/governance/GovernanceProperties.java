package io.cku.governance;

import java.util.EnumMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.cku.shared.Mode;

/**
 * Per-mode thresholds of the gates ({@code cku.governance.modes.<mode>.*}).
 *
 * @param modes the thresholds of each mode; a mode left out keeps its defaults
 */
@ConfigurationProperties("cku.governance")
public record GovernanceProperties(Map<Mode, ModeThresholds> modes) {

    private static final Map<Mode, ModeThresholds> DEFAULTS = Map.of(
            Mode.DEV, new ModeThresholds(0.0, 100),
            Mode.STAGING, new ModeThresholds(60.0, 50),
            Mode.PROD, new ModeThresholds(80.0, 30));

    public GovernanceProperties {
        Map<Mode, ModeThresholds> merged = new EnumMap<>(DEFAULTS);
        if (modes != null) {
            modes.forEach((mode, given) -> merged.put(mode, given.orElse(DEFAULTS.get(mode))));
        }
        modes = Map.copyOf(merged);
    }

    /** The thresholds that apply to runs in {@code mode}. */
    public ModeThresholds of(Mode mode) {
        return modes.get(mode);
    }

    /**
     * @param minCoverage  the lowest test coverage, in percent, the QUALITY gate accepts (0 requires no evidence)
     * @param maxRiskScore the highest operational risk score the OPERATIONS gate accepts
     */
    public record ModeThresholds(Double minCoverage, Integer maxRiskScore) {

        public ModeThresholds {
            if (minCoverage != null && !(minCoverage >= 0 && minCoverage <= 100)) {
                throw new IllegalArgumentException("cku.governance.modes.*.min-coverage must be within 0..100, was " + minCoverage);
            }
            if (maxRiskScore != null && maxRiskScore < 1) {
                throw new IllegalArgumentException("cku.governance.modes.*.max-risk-score must be at least 1, was " + maxRiskScore);
            }
        }

        /** These thresholds, with each one left unset taken from {@code defaults}. */
        ModeThresholds orElse(ModeThresholds defaults) {
            return new ModeThresholds(minCoverage != null ? minCoverage : defaults.minCoverage(),
                    maxRiskScore != null ? maxRiskScore : defaults.maxRiskScore());
        }
    }
}

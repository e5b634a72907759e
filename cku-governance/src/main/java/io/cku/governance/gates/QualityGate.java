package io.cku.governance.gates;

import java.util.Map;

import org.springframework.stereotype.Component;

import io.cku.governance.Gate;
import io.cku.governance.GateContext;
import io.cku.governance.GateDecision;
import io.cku.governance.GateName;
import io.cku.governance.GovernanceProperties;
import io.cku.governance.GovernanceProperties.ModePolicy;
import io.cku.shared.Verdict;

/**
 * Checks the run's evidence: {@code evidence.coverage} (a fraction 0..1, or a percentage above 1) at or above the mode's
 * threshold, and {@code evidence.lint} = {@code passed}. Missing evidence gets what the mode configures; in an advisory mode
 * a shortfall passes with a warning.
 */
@Component
class QualityGate implements Gate {

    private final GovernanceProperties properties;

    QualityGate(GovernanceProperties properties) {
        this.properties = properties;
    }

    @Override
    public GateName name() {
        return GateName.QUALITY;
    }

    @Override
    public GateDecision evaluate(GateContext context) {
        ModePolicy policy = properties.of(context.mode());
        Map<String, Object> evidence = context.evidence();
        String mode = context.mode().wireName();
        Object coverage = evidence.get("coverage");
        Object lint = evidence.get("lint");
        if (coverage == null || lint == null) {
            return missing(policy, (coverage == null ? "evidence.coverage" : "evidence.lint") + " is missing in " + mode);
        }
        Double fraction = fraction(coverage);
        if (fraction == null) {
            return GateDecision.reject(name(), "evidence.coverage must be a fraction 0..1 or a percentage 0..100, was " + coverage);
        }
        if (!"passed".equals(lint)) {
            return shortfall(policy, "evidence.lint is '" + lint + "'; lint must have passed");
        }
        if (fraction < policy.minCoverage()) {
            return shortfall(policy, "coverage " + percent(fraction) + " is below the " + percent(policy.minCoverage()) + " that " + mode + " requires");
        }
        return GateDecision.pass(name(), "coverage " + percent(fraction) + " meets the " + percent(policy.minCoverage())
                + " threshold; lint passed");
    }

    private GateDecision missing(ModePolicy policy, String why) {
        if (policy.missingEvidence() == Verdict.PASS) {
            return GateDecision.pass(name(), "warning: " + why);
        }
        return new GateDecision(name(), policy.missingEvidence(), why);
    }

    private GateDecision shortfall(ModePolicy policy, String why) {
        return policy.coverageAdvisory() ? GateDecision.pass(name(), "warning (advisory): " + why) : GateDecision.reject(name(), why);
    }

    /** A fraction from 0..1, or a percentage above 1 and up to 100; null for anything else. */
    static Double fraction(Object value) {
        if (!(value instanceof Number number) || !(number.doubleValue() >= 0 && number.doubleValue() <= 100)) {
            return null;
        }
        double v = number.doubleValue();
        return v <= 1 ? v : v / 100;
    }

    private static String percent(double fraction) {
        return String.format(java.util.Locale.ROOT, "%.2f%%", fraction * 100);
    }
}

package io.cku.governance.gates;

import java.util.Map;

import org.springframework.stereotype.Component;

import io.cku.governance.Gate;
import io.cku.governance.GateContext;
import io.cku.governance.GateDecision;
import io.cku.governance.GateName;
import io.cku.governance.GovernanceProperties;

/** Checks the run's evidence: coverage at or above the mode's threshold, and no failed lint. */
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
        Map<String, Object> evidence = context.evidence();
        double required = properties.of(context.mode()).minCoverage();
        Object lint = evidence.get("lintPassed");
        if (lint != null && !Boolean.TRUE.equals(lint)) {
            return GateDecision.reject(name(), "evidence.lintPassed is " + lint + "; lint must pass");
        }
        Object coverage = evidence.get("coverage");
        if (coverage == null) {
            return required > 0
                    ? GateDecision.reject(name(), "no coverage evidence; " + context.mode().wireName() + " requires at least " + required + "%")
                    : GateDecision.pass(name(), "no coverage threshold in " + context.mode().wireName());
        }
        if (!(coverage instanceof Number number) || !(number.doubleValue() >= 0 && number.doubleValue() <= 100)) {
            return GateDecision.reject(name(), "evidence.coverage must be a percentage from 0 to 100, was " + coverage);
        }
        if (number.doubleValue() < required) {
            return GateDecision.reject(name(), "coverage " + number + "% is below the " + required + "% that " + context.mode().wireName() + " requires");
        }
        return GateDecision.pass(name(), "coverage " + number + "% meets the " + required + "% threshold");
    }
}

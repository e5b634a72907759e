package io.cku.governance.gates;

import org.springframework.stereotype.Component;

import io.cku.governance.Gate;
import io.cku.governance.GateContext;
import io.cku.governance.GateDecision;
import io.cku.governance.GateName;
import io.cku.governance.GovernanceProperties;
import io.cku.governance.PlannedStep;

/**
 * Scores the plan's operational risk (one point a step plus each skill's risk weight) against the mode's
 * threshold. The audit-chain health check joins when the audit log exists.
 */
@Component
class OperationsGate implements Gate {

    private final GovernanceProperties properties;

    OperationsGate(GovernanceProperties properties) {
        this.properties = properties;
    }

    @Override
    public GateName name() {
        return GateName.OPERATIONS;
    }

    @Override
    public GateDecision evaluate(GateContext context) {
        int score = riskScore(context);
        int limit = properties.of(context.mode()).maxRiskScore();
        String mode = context.mode().wireName();
        String parts = " (" + context.steps().size() + " steps + skill risk " + (score - context.steps().size()) + ")";
        if (score > limit) {
            return GateDecision.pause(name(), "operational risk score " + score + parts + " exceeds the " + mode + " limit of " + limit);
        }
        return GateDecision.pass(name(), "operational risk score " + score + parts + " within the " + mode + " limit of " + limit
                + "; audit chain check not configured");
    }

    static int riskScore(GateContext context) {
        int score = 0;
        for (PlannedStep step : context.steps()) {
            score += 1 + step.risk().weight();
        }
        return score;
    }
}

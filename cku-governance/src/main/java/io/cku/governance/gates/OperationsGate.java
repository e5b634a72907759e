package io.cku.governance.gates;

import org.springframework.stereotype.Component;

import io.cku.governance.Gate;
import io.cku.governance.GateContext;
import io.cku.governance.GateDecision;
import io.cku.governance.GateName;
import io.cku.governance.GovernanceProperties;
import io.cku.governance.PlannedStep;
import io.cku.shared.Mode;

/**
 * Scores the plan's operational risk (one point a step, each skill's risk weight, and the mode's weight) against the mode's
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
        int modeWeight = modeWeight(context.mode());
        int count = context.steps().size();
        String parts = " (" + count + (count == 1 ? " step" : " steps") + " + skill risk " + (score - context.steps().size() - modeWeight) + " + "
                + mode + " " + modeWeight + ")";
        if (score > limit) {
            return GateDecision.pause(name(), "operational risk score " + score + parts + " exceeds the " + mode + " limit of " + limit);
        }
        return GateDecision.pass(name(), "operational risk score " + score + parts + " within the " + mode + " limit of " + limit
                + "; audit chain check not configured");
    }

    /** What the target environment adds to every plan's score: a mistake in prod costs more. */
    static int modeWeight(Mode mode) {
        return switch (mode) {
            case DEV -> 0;
            case STAGING -> 2;
            case PROD -> 5;
        };
    }

    /** One point a step, plus each step's skill risk weight, plus the mode's weight. */
    static int riskScore(GateContext context) {
        int score = modeWeight(context.mode());
        for (PlannedStep step : context.steps()) {
            score += 1 + step.risk().weight();
        }
        return score;
    }
}

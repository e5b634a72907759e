package io.cku.governance.gates;

import org.springframework.stereotype.Component;

import io.cku.audit.ChainCheck;
import io.cku.audit.ChainHealth;
import io.cku.governance.Gate;
import io.cku.governance.GateContext;
import io.cku.governance.GateDecision;
import io.cku.governance.GateName;
import io.cku.governance.GovernanceProperties;
import io.cku.governance.PlannedStep;
import io.cku.shared.Mode;

/**
 * Holds every run while the audit chain's background verification finds it broken (its proof of what happened cannot be
 * trusted), and scores the plan's operational risk (one point a step, each skill's risk weight, and the mode's weight)
 * against the mode's threshold.
 */
@Component
class OperationsGate implements Gate {

    private final GovernanceProperties properties;
    private final ChainHealth chain;

    OperationsGate(GovernanceProperties properties, ChainHealth chain) {
        this.properties = properties;
        this.chain = chain;
    }

    @Override
    public GateName name() {
        return GateName.OPERATIONS;
    }

    @Override
    public GateDecision evaluate(GateContext context) {
        ChainCheck audit = chain.latest();
        if (!audit.healthy()) {
            return GateDecision.pause(name(), audit.summary() + "; runs wait for an approver until the chain verifies again");
        }
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
                + "; " + audit.summary());
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

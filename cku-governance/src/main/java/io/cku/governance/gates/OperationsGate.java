package io.cku.governance.gates;

import org.springframework.stereotype.Component;

import io.cku.audit.ChainCheck;
import io.cku.audit.ChainHealth;
import io.cku.governance.Gate;
import io.cku.governance.GateContext;
import io.cku.governance.GateDecision;
import io.cku.governance.GateName;
import io.cku.governance.GovernanceProperties;
import io.cku.governance.LearnedReliability;
import io.cku.governance.PlannedStep;
import io.cku.shared.Mode;

/**
 * Holds every run while the audit chain's background verification finds it broken (its proof of what happened cannot be
 * trusted), and scores the plan's operational risk (one point a step, each skill's risk weight, the mode's weight, and the
 * learned unreliability of each skill and target the plan uses) against the mode's threshold.
 */
@Component
class OperationsGate implements Gate {

    private final GovernanceProperties properties;
    private final ChainHealth chain;
    private final LearnedReliability reliability;

    OperationsGate(GovernanceProperties properties, ChainHealth chain, LearnedReliability reliability) {
        this.properties = properties;
        this.chain = chain;
        this.reliability = reliability;
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
        int planned = riskScore(context);
        Learned learned = learned(context);
        int score = planned + learned.points();
        int limit = properties.of(context.mode()).maxRiskScore();
        String mode = context.mode().wireName();
        int modeWeight = modeWeight(context.mode());
        int count = context.steps().size();
        String parts = " (" + count + (count == 1 ? " step" : " steps") + " + skill risk " + (planned - count - modeWeight) + " + "
                + mode + " " + modeWeight + learned.described() + ")";
        if (score > limit) {
            return GateDecision.pause(name(), "operational risk score " + score + parts + " exceeds the " + mode + " limit of " + limit);
        }
        return GateDecision.pass(name(), "operational risk score " + score + parts + " within the " + mode + " limit of " + limit
                + "; " + audit.summary());
    }

    /** What learned reliability adds: each skill and target of the plan once, with its points and why. */
    private record Learned(int points, String described) {
    }

    private Learned learned(GateContext context) {
        java.util.Map<String, LearnedReliability.Known> keys = new java.util.LinkedHashMap<>();
        for (PlannedStep step : context.steps()) {
            String key = step.skill() + " on " + step.target();
            if (!keys.containsKey(key)) {
                reliability.of(context.submitter().tenant(), step.skill(), step.target()).filter(known -> known.riskPoints() > 0)
                        .ifPresent(known -> keys.put(key, known));
            }
        }
        if (keys.isEmpty()) {
            return new Learned(0, "");
        }
        int points = keys.values().stream().mapToInt(LearnedReliability.Known::riskPoints).sum();
        StringBuilder described = new StringBuilder(" + learned unreliability " + points + ":");
        keys.forEach((key, known) -> described.append(String.format(java.util.Locale.ROOT, " %s %d (score %.2f over %d attempts);", key,
                known.riskPoints(), known.score(), known.observations())));
        described.setLength(described.length() - 1);
        return new Learned(points, described.toString());
    }

    /** What the target environment adds to every plan's score: a mistake in prod costs more. */
    static int modeWeight(Mode mode) {
        return switch (mode) {
            case DEV -> 0;
            case STAGING -> 2;
            case PROD -> 5;
        };
    }

    /** One point a step, plus each step's skill risk weight, plus the mode's weight (what the plan says, before any learning). */
    static int riskScore(GateContext context) {
        int score = modeWeight(context.mode());
        for (PlannedStep step : context.steps()) {
            score += 1 + step.risk().weight();
        }
        return score;
    }
}

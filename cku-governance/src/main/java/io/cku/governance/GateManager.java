package io.cku.governance;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

import io.cku.governance.GovernanceProperties.ModePolicy;
import io.cku.shared.Mode;
import io.cku.shared.Verdict;

/**
 * Evaluates the gates of the run's mode, in the mode's order, and stops at the first one that does not pass. Where the
 * mode configures {@code on-failure} for a gate, that verdict replaces the gate's own PAUSE or REJECT.
 */
@Service
public class GateManager {

    private final Map<GateName, Gate> gates = new EnumMap<>(GateName.class);
    private final GovernanceProperties properties;

    /** Gates under the default policy of each mode. */
    public GateManager(List<Gate> gates) {
        this(gates, GovernanceProperties.defaults());
    }

    @Autowired
    public GateManager(List<Gate> gates, GovernanceProperties properties) {
        this.properties = properties;
        for (Gate gate : gates) {
            if (this.gates.put(gate.name(), gate) != null) {
                throw new IllegalStateException("two gates are registered as " + gate.name());
            }
        }
        for (GateName name : GateName.values()) {
            if (!this.gates.containsKey(name)) {
                throw new IllegalStateException("no gate is registered as " + name);
            }
        }
    }

    /** The decisions in the mode's gate order, up to and including the first PAUSE or REJECT. */
    public List<GateDecision> evaluate(GateContext context) {
        return evaluate(context, true);
    }

    /** Every gate of the mode's order decided, without stopping: what a dry run shows. */
    public List<GateDecision> evaluateAll(GateContext context) {
        return evaluate(context, false);
    }

    private List<GateDecision> evaluate(GateContext context, boolean stopAtFirstHold) {
        ModePolicy policy = properties.of(context.mode());
        List<GateDecision> decisions = new ArrayList<>(policy.gates().size());
        for (GateName name : policy.gates()) {
            GateDecision decision = overriddenByApproval(asConfigured(gates.get(name).evaluate(context), policy), context);
            decisions.add(decision);
            if (stopAtFirstHold && decision.verdict() != Verdict.PASS) {
                break;
            }
        }
        return decisions;
    }

    private static GateDecision asConfigured(GateDecision decision, ModePolicy policy) {
        if (decision.verdict() == Verdict.PASS) {
            return decision;
        }
        return policy.failure(decision.gate()).map(verdict -> new GateDecision(decision.gate(), verdict, decision.reason()))
                .orElse(decision);
    }

    /**
     * A pause that people approved lets the run go on. PLAN_APPROVAL and CONSENSUS count their own quorum; any other gate
     * that paused (missing evidence, a risk score, a freeze) passes once one approver has overridden it.
     */
    private static GateDecision overriddenByApproval(GateDecision decision, GateContext context) {
        GateName gate = decision.gate();
        if (decision.verdict() != Verdict.PAUSE || gate == GateName.PLAN_APPROVAL || gate == GateName.CONSENSUS) {
            return decision;
        }
        List<Approval> overrides = context.approvalsOf(gate);
        if (overrides.isEmpty()) {
            return decision;
        }
        return GateDecision.pass(gate, "approved by " + overrides.get(0).actor() + " (" + overrides.get(0).reason() + ") although: "
                + decision.reason());
    }

    /** How many distinct approvals end a pause at this gate in this mode. */
    public int approvalsNeeded(Mode mode, GateName gate) {
        ModePolicy policy = properties.of(mode);
        return switch (gate) {
            case PLAN_APPROVAL -> policy.planApprovals();
            case CONSENSUS -> Math.max(1, policy.consensusApprovals());
            default -> 1;
        };
    }

    /** The policy of a mode, for those who act on its decisions (approvals, deadlines). */
    public ModePolicy policy(Mode mode) {
        return properties.of(mode);
    }
}

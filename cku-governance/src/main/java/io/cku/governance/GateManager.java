package io.cku.governance;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;

import io.cku.shared.Verdict;

/** Evaluates the registered gates in order and stops at the first one that does not pass. */
@Service
public class GateManager {

    private final Map<GateName, Gate> gates = new EnumMap<>(GateName.class);

    public GateManager(List<Gate> gates) {
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

    /** The decisions in gate order, up to and including the first PAUSE or REJECT. */
    public List<GateDecision> evaluate(GateContext context) {
        List<GateDecision> decisions = new ArrayList<>();
        for (GateName name : GateName.values()) {
            GateDecision decision = gates.get(name).evaluate(context);
            decisions.add(decision);
            if (decision.verdict() != Verdict.PASS) {
                break;
            }
        }
        return decisions;
    }
}

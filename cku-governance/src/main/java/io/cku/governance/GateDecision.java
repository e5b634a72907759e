package io.cku.governance;

import io.cku.shared.Verdict;

/** A gate's verdict on a run and the reason a person can read. */
public record GateDecision(GateName gate, Verdict verdict, String reason) {

    public static GateDecision pass(GateName gate, String reason) {
        return new GateDecision(gate, Verdict.PASS, reason);
    }

    public static GateDecision pause(GateName gate, String reason) {
        return new GateDecision(gate, Verdict.PAUSE, reason);
    }

    public static GateDecision reject(GateName gate, String reason) {
        return new GateDecision(gate, Verdict.REJECT, reason);
    }
}

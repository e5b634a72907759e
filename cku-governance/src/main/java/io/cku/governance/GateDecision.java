package io.cku.governance;

import io.cku.shared.Verdict;

/**
 * A gate's verdict on a run and the reason a person can read.
 *
 * @param policyVersion the version of the tenant's policy the POLICY gate evaluated; null for the other gates and when the
 *        tenant has none
 */
public record GateDecision(GateName gate, Verdict verdict, String reason, Integer policyVersion) {

    public GateDecision(GateName gate, Verdict verdict, String reason) {
        this(gate, verdict, reason, null);
    }

    /** This decision, made on that version of the tenant's policy. */
    public GateDecision onPolicy(int version) {
        return new GateDecision(gate, verdict, reason, version);
    }

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

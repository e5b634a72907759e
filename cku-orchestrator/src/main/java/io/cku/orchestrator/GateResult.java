package io.cku.orchestrator;

import java.time.Instant;

import io.cku.shared.Verdict;

/**
 * One gate's recorded decision on a run.
 *
 * @param deadline for a PAUSE, when the wait ends (the run is REJECTED, or escalated once where configured); null otherwise
 * @param escalated whether the wait was already extended once after its first deadline passed
 * @param policyVersion the version of the tenant's policy the POLICY gate evaluated; null for other gates
 */
public record GateResult(String gate, int order, Verdict verdict, String reason, Instant decidedAt, Instant deadline,
        boolean escalated, Integer policyVersion) {

    /** A decision made on no version of the tenant's policy. */
    public GateResult(String gate, int order, Verdict verdict, String reason, Instant decidedAt, Instant deadline, boolean escalated) {
        this(gate, order, verdict, reason, decidedAt, deadline, escalated, null);
    }

    /** A decision without a deadline. */
    public GateResult(String gate, int order, Verdict verdict, String reason, Instant decidedAt) {
        this(gate, order, verdict, reason, decidedAt, null, false);
    }

    /** A decision that waits until {@code deadline}. */
    public GateResult(String gate, int order, Verdict verdict, String reason, Instant decidedAt, Instant deadline) {
        this(gate, order, verdict, reason, decidedAt, deadline, false);
    }

    /** The same pause, waiting until {@code newDeadline} after its first deadline passed. */
    GateResult escalatedUntil(Instant newDeadline) {
        return new GateResult(gate, order, verdict, reason + " (escalated: the first deadline " + deadline + " passed)", decidedAt,
                newDeadline, true, policyVersion);
    }
}

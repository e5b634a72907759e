package io.cku.orchestrator;

import java.time.Instant;

import io.cku.shared.Verdict;

/**
 * One gate's recorded decision on a run.
 *
 * @param deadline for a PAUSE, when the wait ends with the run REJECTED; null otherwise
 */
public record GateResult(String gate, int order, Verdict verdict, String reason, Instant decidedAt, Instant deadline) {

    /** A decision without a deadline. */
    public GateResult(String gate, int order, Verdict verdict, String reason, Instant decidedAt) {
        this(gate, order, verdict, reason, decidedAt, null);
    }
}

package io.cku.orchestrator;

import java.time.Instant;

import io.cku.shared.Verdict;

/** One gate's recorded decision on a run. */
public record GateResult(String gate, int order, Verdict verdict, String reason, Instant decidedAt) {
}

package io.cku.shared.api;

import java.time.Instant;

/** One gate's decision on a run. */
public record GateView(String gate, int order, String decision, String reason, Instant decidedAt) {
}

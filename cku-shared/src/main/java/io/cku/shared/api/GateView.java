package io.cku.shared.api;

import java.time.Instant;

/** One gate's decision on a run; {@code deadline} is set while a PAUSE waits for people. */
public record GateView(String gate, int order, String decision, String reason, Instant decidedAt, Instant deadline) {
}

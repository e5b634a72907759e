package io.cku.shared.api;

import java.util.List;

/** A dry run: what every gate of the mode would decide now, and the overall verdict (the first that is not PASS). */
public record GateEvaluation(String mode, String verdict, List<GateView> gates) {
}

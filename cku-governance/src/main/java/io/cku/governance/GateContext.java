package io.cku.governance;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.cku.shared.Mode;

/** What a gate may look at: the run's intent, mode, plan, evidence and labels. */
public record GateContext(
        UUID runId,
        Mode mode,
        String intent,
        List<PlannedStep> steps,
        Map<String, Object> evidence,
        Map<String, String> labels) {

    public GateContext {
        steps = List.copyOf(steps);
        evidence = evidence == null ? Map.of() : evidence;
        labels = labels == null ? Map.of() : labels;
    }
}

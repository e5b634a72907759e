package io.cku.shared.api;

import java.util.Map;

/** The body of {@code POST /runs}: what to do, in which mode, and the plan of steps. */
public record RunRequest(
        String intent,
        String mode,
        PlanRequest plan,
        Map<String, Object> evidence,
        Map<String, String> labels) {
}

package io.cku.skillengine;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.cku.shared.Cancellation;

/** What a skill gets to execute one step: the step's parameters, its time budget and the run's cancellation. */
public record SkillContext(UUID runId, String stepName, Map<String, Object> params, Duration timeout, Cancellation cancellation) {

    public SkillContext {
        params = params == null ? Map.of() : params;
    }
}

package io.cku.orchestrator;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One step of a run's plan and the state of its execution.
 *
 * @param output the skill's output as JSON text, already bounded in size; null until it succeeds
 */
public record Step(
        int position,
        String name,
        String skill,
        String intent,
        Map<String, Object> params,
        boolean optional,
        Long timeoutMs,
        StepStatus status,
        int attempts,
        Instant startedAt,
        Instant finishedAt,
        String output,
        String error) {

    public Step {
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** A step that has not started. */
    public static Step planned(int position, String name, String skill, String intent, Map<String, Object> params,
            boolean optional, Long timeoutMs) {
        return new Step(position, name, skill, intent, params, optional, timeoutMs, StepStatus.PENDING, 0, null, null, null, null);
    }

    Step started(Instant now) {
        return new Step(position, name, skill, intent, params, optional, timeoutMs, StepStatus.RUNNING, attempts + 1, now, null, null, null);
    }

    Step ended(StepStatus ending, Instant now, String output, String error) {
        return new Step(position, name, skill, intent, params, optional, timeoutMs, ending, attempts, startedAt, now, output, error);
    }

    boolean isOpen() {
        return status == StepStatus.PENDING || status == StepStatus.RUNNING;
    }
}

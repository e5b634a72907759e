package io.cku.orchestrator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a step that succeeded is undone when its run rolls back: another skill with its own parameters, or (byItself) the
 * step's skill undoing its own work with the step's parameters.
 *
 * @param timeoutMs the undoing's time budget; null for the service's default step timeout
 */
public record Compensation(String skill, Map<String, Object> params, boolean byItself, Long timeoutMs) {

    public Compensation {
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** The step's own skill undoes the step. */
    public static Compensation byItself(String skill) {
        return new Compensation(skill, Map.of(), true, null);
    }
}

package io.cku.shared.api;

import java.util.Map;

/** How a step is undone when its run rolls back: a skill with parameters, or (byItself) the step's skill undoing its own work. */
public record CompensationView(String skill, Map<String, Object> params, boolean byItself, Long timeoutMs) {
}

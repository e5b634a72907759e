package io.cku.shared.api;

import java.util.Map;

/**
 * How to undo a step that succeeded: another skill with its own parameters, run when the run rolls back.
 *
 * @param timeoutMs the undoing's own time budget; null for the service's default step timeout (not the step's)
 */
public record CompensationSpec(String skill, Map<String, Object> params, Long timeoutMs) {
}

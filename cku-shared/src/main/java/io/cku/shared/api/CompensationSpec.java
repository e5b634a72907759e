package io.cku.shared.api;

import java.util.Map;

/** How to undo a step that succeeded: another skill with its own parameters, run when the run rolls back. */
public record CompensationSpec(String skill, Map<String, Object> params) {
}

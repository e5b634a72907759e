package io.cku.shared.api;

import java.util.Map;

/** One step of a submitted plan: a named skill, or an intent the skill engine routes to a skill. */
public record StepRequest(
        String name,
        String skill,
        String intent,
        Map<String, Object> params,
        Boolean optional,
        Long timeoutMs) {
}

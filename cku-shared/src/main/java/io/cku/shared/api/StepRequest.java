package io.cku.shared.api;

import java.util.Map;

/**
 * One step of a submitted plan: a named skill, or an intent the skill engine routes to a skill.
 *
 * @param retry how failed attempts are retried; null for the defaults of the skill and mode
 * @param compensate how to undo the step when the run rolls back; null when it undoes nothing (or its skill undoes itself)
 */
public record StepRequest(
        String name,
        String skill,
        String intent,
        Map<String, Object> params,
        Boolean optional,
        Long timeoutMs,
        RetrySpec retry,
        CompensationSpec compensate) {
}

package io.cku.shared.api;

import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

/**
 * One step of a submitted plan: a named skill, or an intent the skill engine routes to a skill.
 *
 * @param retry how failed attempts are retried; null for the defaults of the skill and mode
 * @param compensate how to undo the step when the run rolls back; null when it undoes nothing (or its skill undoes itself)
 */
@Schema(description = "A named skill, or an intent the skill engine routes to a skill: give `skill` or `intent`.")
public record StepRequest(
        @Schema(requiredMode = RequiredMode.REQUIRED, minLength = 1, maxLength = 200, example = "first") String name,
        @Schema(description = "A built-in skill: noop, sleep, http, shell, file.write, approval", example = "noop") String skill,
        @Schema(description = "Routed to the skill whose keywords match best when `skill` is absent",
                example = "do nothing, a placeholder") String intent,
        @Schema(description = "The skill's parameters (README, Built-in skills)", example = "{}") Map<String, Object> params,
        @Schema(description = "A failure of an optional step does not fail the run", defaultValue = "false") Boolean optional,
        @Schema(description = "The step's time budget", minimum = "1", maximum = "3600000", example = "60000") Long timeoutMs,
        RetrySpec retry,
        CompensationSpec compensate) {
}

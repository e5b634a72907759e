package io.cku.shared.api;

import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

/** The body of {@code POST /runs}: what to do, in which mode, and the plan of steps. */
@Schema(description = "What to do, in which mode, and the plan of steps.", example = RunRequest.EXAMPLE)
public record RunRequest(
        @Schema(description = "What the run is for, in a person's words", requiredMode = RequiredMode.REQUIRED, minLength = 1,
                maxLength = 2000, example = "hello CKU") String intent,
        @Schema(description = "The governance mode; prod also needs permission `runs:submit:prod`",
                allowableValues = {"dev", "staging", "prod"}, defaultValue = "dev") String mode,
        @Schema(requiredMode = RequiredMode.REQUIRED) PlanRequest plan,
        @Schema(description = "What the gates read: coverage, lint and test results, tickets, attached CI reports",
                example = "{\"coverage\": 85, \"lintPassed\": true}") Map<String, Object> evidence,
        @Schema(description = "Free labels, at most 50: keys 1-100 characters, values at most 500",
                example = "{\"team\": \"payments\"}") Map<String, String> labels) {

    /** The README's first run: three steps, the third routed to a skill by its intent. */
    public static final String EXAMPLE = """
            {"intent": "hello CKU", "mode": "dev", "plan": {"steps": [
              {"name": "first", "skill": "noop"},
              {"name": "second", "skill": "noop"},
              {"name": "third", "intent": "do nothing, a placeholder"}]}}""";
}

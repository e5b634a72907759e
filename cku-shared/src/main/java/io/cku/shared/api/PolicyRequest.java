package io.cku.shared.api;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

/**
 * {@code POST /admin/policies}: a new version of the caller's tenant's rules, active at once unless {@code activate} is false.
 */
@Schema(description = "A new version of the caller's tenant's rules, active at once unless `activate` is false.",
        example = "{\"rules\": [{\"name\": \"no-shell-in-payments\", \"expression\": \"labels['team'] == 'payments'"
                + " && plan.exists(s, s.skill == 'shell')\", \"effect\": \"DENY\", \"message\": \"payments runs no shell steps\"}],"
                + " \"reason\": \"payments policy\"}")
public record PolicyRequest(@Schema(requiredMode = RequiredMode.REQUIRED) List<RuleRequest> rules,
        @Schema(defaultValue = "true") Boolean activate, String reason,
        @Schema(description = "When a person posts rules without any learned rule among them, the learned rules of the active "
                + "version are kept in the new one (the learning loop's evidence stays in force); `false` drops them. Posting "
                + "learned rules means exactly those are kept.", defaultValue = "true") Boolean keepLearned) {

    /** A version that keeps the learned rules it inherits. */
    public PolicyRequest(List<RuleRequest> rules, Boolean activate, String reason) {
        this(rules, activate, reason, null);
    }

    /** One rule: a CEL expression over the run that returns bool; when true, {@code effect} (DENY, PAUSE, WARN) applies. */
    @Schema(description = "A CEL expression over the run that returns bool; when true, `effect` applies.")
    public record RuleRequest(
            @Schema(requiredMode = RequiredMode.REQUIRED) String name,
            @Schema(requiredMode = RequiredMode.REQUIRED, example = "mode == 'prod'") String expression,
            @Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = {"DENY", "PAUSE", "WARN"}) String effect,
            @Schema(requiredMode = RequiredMode.REQUIRED) String message,
            @Schema(description = "A shadow rule is evaluated and reported but never enforced", defaultValue = "false") Boolean shadow,
            @Schema(description = "Who wrote the rule: `person` (the default) or `learned` (the learning loop, with its explanation)",
                    allowableValues = {"person", "learned"}) String source,
            @Schema(description = "Why the learning loop wrote the rule: the key, counts, score, threshold, the runs that were the "
                    + "evidence and the settings used") Map<String, Object> explanation) {

        /** A rule a person writes. */
        public RuleRequest(String name, String expression, String effect, String message, Boolean shadow) {
            this(name, expression, effect, message, shadow, null, null);
        }

        /** Whether the learning loop wrote the rule. */
        public boolean learned() {
            return LEARNED.equals(source);
        }
    }

    /** The {@code source} of a rule the learning loop wrote. */
    public static final String LEARNED = "learned";
}

package io.cku.policy;

/**
 * One rule of a tenant's policy: a CEL expression over the run that is true when the rule applies. Not checked on
 * construction, so a client's rule can be refused field by field with {@link PolicyRules#validate}.
 *
 * @param expression a CEL expression returning bool over {@code intent}, {@code mode}, {@code labels}, {@code plan},
 *        {@code evidence}, {@code submitter} and {@code time}
 * @param shadow whether the rule is only evaluated and recorded, never enforced
 * @param learned whether the learning loop wrote the rule (its source is {@code learned}) rather than a person
 */
public record PolicyRule(String name, String expression, RuleEffect effect, String message, boolean shadow, boolean learned) {

    /** A rule a person wrote. */
    public PolicyRule(String name, String expression, RuleEffect effect, String message, boolean shadow) {
        this(name, expression, effect, message, shadow, false);
    }
}

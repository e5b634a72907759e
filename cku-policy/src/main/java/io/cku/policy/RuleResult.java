package io.cku.policy;

/**
 * What one rule's expression said about a run.
 *
 * @param matched whether the expression was true
 * @param error why it could not be compiled or evaluated, or null when it could
 */
public record RuleResult(boolean matched, String error) {

    static final RuleResult TRUE = new RuleResult(true, null);
    static final RuleResult FALSE = new RuleResult(false, null);

    static RuleResult failed(String error) {
        return new RuleResult(false, error);
    }

    /** Whether the rule could not say; enforcement treats this as the rule applying (fail closed). */
    public boolean failed() {
        return error != null;
    }
}

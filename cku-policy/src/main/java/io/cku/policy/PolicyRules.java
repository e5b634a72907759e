package io.cku.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.cku.shared.InvalidRequest;
import io.cku.shared.InvalidRequest.Violation;

/** Checks policy rules before they are published: each needs a unique name, a message, an effect and a CEL bool expression. */
public final class PolicyRules {

    /** Longer expressions are refused before CEL parses them. */
    public static final int MAX_EXPRESSION_LENGTH = 4_000;

    private PolicyRules() {
    }

    /** Every problem with the rules, each naming its field such as {@code rules[2].expression}; empty when they can be published. */
    public static List<Violation> validate(List<PolicyRule> rules) {
        if (rules == null) {
            return List.of(new Violation("rules", "is required"));
        }

        List<Violation> violations = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            violations.addAll(validate(rules.get(i), "rules[" + i + "]", names, i));
        }
        return violations;
    }

    /** Throws {@link InvalidRequest} naming every problem, so an endpoint answers 400. */
    public static void requireValid(List<PolicyRule> rules) {
        List<Violation> violations = validate(rules);
        if (!violations.isEmpty()) {
            throw new InvalidRequest(violations);
        }
    }

    private static List<Violation> validate(PolicyRule rule, String field, Map<String, Integer> names, int index) {
        if (rule == null) {
            return List.of(new Violation(field, "is required"));
        }

        List<Violation> violations = new ArrayList<>();
        if (isBlank(rule.name())) {
            violations.add(new Violation(field + ".name", "is required"));
        } else if (names.putIfAbsent(rule.name(), index) != null) {
            String first = "rules[" + names.get(rule.name()) + "]";
            violations.add(new Violation(field + ".name", "'" + rule.name() + "' is already the name of " + first));
        }
        if (rule.effect() == null) {
            violations.add(new Violation(field + ".effect", "is required: DENY, PAUSE or WARN"));
        }
        if (isBlank(rule.message())) {
            violations.add(new Violation(field + ".message", "is required"));
        }
        expressionProblem(rule).ifPresent(problem -> violations.add(new Violation(field + ".expression", problem)));
        return violations;
    }

    private static Optional<String> expressionProblem(PolicyRule rule) {
        String expression = rule.expression();
        if (isBlank(expression)) {
            return Optional.of("is required");
        }
        if (expression.length() > MAX_EXPRESSION_LENGTH) {
            return Optional.of("is " + expression.length() + " characters; at most " + MAX_EXPRESSION_LENGTH + " are allowed");
        }
        String name = isBlank(rule.name()) ? "the rule" : "rule '" + rule.name() + "'";
        return RuleLanguage.compileError(expression).map(error -> name + " does not compile: " + error);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}

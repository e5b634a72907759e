package io.cku.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cku.shared.InvalidRequest;
import io.cku.shared.InvalidRequest.Violation;

class PolicyRulesTest {

    @Test
    void acceptsRulesThatCompileToABool() {
        List<PolicyRule> rules = List.of(
                deny("payments", "mode == \"prod\" && labels[\"team\"] == \"payments\""),
                deny("shell", "plan.exists(s, s.skill == \"shell\")"),
                deny("coverage", "double(evidence[\"coverage\"]) < 0.9"),
                deny("evening", "time.getHours(\"Europe/Paris\") >= 18 && submitter.name != \"oncall\" && intent != \"\""));

        assertThat(PolicyRules.validate(rules)).isEmpty();
    }

    @Test
    void refusesARuleThatDoesNotCompileNamingItsIndexAndCelsMessage() {
        List<Violation> violations = PolicyRules.validate(List.of(deny("ok", "true"), deny("ok2", "true"), deny("broken", "mode ==")));

        assertThat(violations).singleElement().satisfies(violation -> {
            assertThat(violation.field()).isEqualTo("rules[2].expression");
            assertThat(violation.message()).startsWith("rule 'broken' does not compile: at 1:8: mismatched input '<EOF>'");
        });
    }

    @Test
    void refusesARuleThatReturnsSomethingOtherThanABool() {
        List<Violation> violations = PolicyRules.validate(List.of(deny("count", "plan.size() + 1")));

        assertThat(violations).singleElement().satisfies(violation -> {
            assertThat(violation.field()).isEqualTo("rules[0].expression");
            assertThat(violation.message()).isEqualTo("rule 'count' does not compile: at 1:13: expected type 'bool' but found 'int'");
        });
    }

    @Test
    void refusesAnUndeclaredVariable() {
        assertThat(PolicyRules.validate(List.of(deny("env", "environment == \"prod\""))))
                .extracting(Violation::field, Violation::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("rules[0].expression",
                        "rule 'env' does not compile: at 1:1: undeclared reference to 'environment' (in container '')"));
    }

    @Test
    void refusesMissingFieldsAndDuplicateNamesFieldByField() {
        List<PolicyRule> rules = Arrays.asList(deny("a", "true"), new PolicyRule("a", " ", null, "", false), null);

        assertThat(PolicyRules.validate(rules)).extracting(Violation::field).containsExactly(
                "rules[1].name", "rules[1].effect", "rules[1].message", "rules[1].expression", "rules[2]");
        assertThat(PolicyRules.validate(rules).get(0).message()).isEqualTo("'a' is already the name of rules[0]");
    }

    @Test
    void refusesAnOverlongExpressionBeforeCompilingIt() {
        String huge = "true && ".repeat(600) + "true";

        assertThat(PolicyRules.validate(List.of(deny("huge", huge)))).singleElement()
                .extracting(Violation::message).asString().endsWith("at most 4000 are allowed");
    }

    @Test
    void requireValidThrowsInvalidRequestWithEveryViolation() {
        assertThatThrownBy(() -> PolicyRules.requireValid(List.of(deny("x", "1"), deny("y", "mode"))))
                .isInstanceOfSatisfying(InvalidRequest.class, e -> assertThat(e.violations()).extracting(Violation::field)
                        .containsExactly("rules[0].expression", "rules[1].expression"));
    }

    private static PolicyRule deny(String name, String expression) {
        return new PolicyRule(name, expression, RuleEffect.DENY, "denied by " + name, false);
    }
}

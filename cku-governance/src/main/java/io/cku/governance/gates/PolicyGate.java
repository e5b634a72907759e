package io.cku.governance.gates;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.cku.governance.Gate;
import io.cku.governance.GateContext;
import io.cku.governance.GateDecision;
import io.cku.governance.GateName;
import io.cku.policy.PolicyRule;
import io.cku.policy.PolicySet;
import io.cku.policy.PolicyStore;
import io.cku.policy.RuleEffect;
import io.cku.policy.RuleEvaluator;
import io.cku.policy.RuleResult;

/**
 * Evaluates every rule of the submitter's tenant's active policy set, in order. The first enforced DENY rule that
 * applies rejects, else the first enforced PAUSE rule pauses; a rule that cannot be evaluated counts as applying
 * (fail closed). WARN and shadow rules never stop a run; the reason records their outcomes.
 */
@Component
class PolicyGate implements Gate {

    private static final int CACHED_EXPRESSIONS = 4_096;

    private final PolicyStore policies;
    private final RuleEvaluator evaluator = new RuleEvaluator(CACHED_EXPRESSIONS);

    /** Without a registered store no tenant has rules, so the service still starts before one exists. */
    PolicyGate(@Nullable PolicyStore policies) {
        this.policies = policies != null ? policies : tenant -> Optional.empty();
    }

    @Override
    public GateName name() {
        return GateName.POLICY;
    }

    @Override
    public GateDecision evaluate(GateContext context) {
        Optional<PolicySet> active = policies.active(context.submitter().tenant());
        if (active.isEmpty() || active.get().rules().isEmpty()) {
            return GateDecision.pass(name(), "no policy rules for tenant " + context.submitter().tenant());
        }

        PolicySet set = active.get();
        Map<String, Object> variables = RunVariables.of(context);
        List<Outcome> outcomes = set.rules().stream()
                .map(rule -> new Outcome(rule, evaluator.evaluate(rule.expression(), variables)))
                .toList();
        return decide(set, outcomes).onPolicy(set.version());
    }

    private GateDecision decide(PolicySet set, List<Outcome> outcomes) {
        String notes = notes(outcomes);
        Optional<Outcome> deny = firstEnforced(outcomes, RuleEffect.DENY);
        if (deny.isPresent()) {
            return GateDecision.reject(name(), deny.get().headline(set.version()) + notes);
        }

        Optional<Outcome> pause = firstEnforced(outcomes, RuleEffect.PAUSE);
        if (pause.isPresent()) {
            return GateDecision.pause(name(), pause.get().headline(set.version()) + notes);
        }
        int count = outcomes.size();
        return GateDecision.pass(name(), "passed " + count + (count == 1 ? " rule" : " rules") + " (v" + set.version() + ")" + notes);
    }

    private static Optional<Outcome> firstEnforced(List<Outcome> outcomes, RuleEffect effect) {
        return outcomes.stream().filter(outcome -> !outcome.rule().shadow() && outcome.rule().effect() == effect && outcome.applies())
                .findFirst();
    }

    private static String notes(List<Outcome> outcomes) {
        StringBuilder notes = new StringBuilder();
        for (Outcome outcome : outcomes) {
            if (outcome.rule().shadow()) {
                notes.append("; shadow: ").append(outcome.shadowNote());
            } else if (outcome.rule().effect() == RuleEffect.WARN && outcome.applies()) {
                notes.append("; warn: ").append(outcome.note());
            }
        }
        return notes.toString();
    }

    /** One rule and what its expression said about the run. */
    private record Outcome(PolicyRule rule, RuleResult result) {

        /** Whether the rule's effect takes hold: its expression is true or could not say. */
        boolean applies() {
            return result.matched() || result.failed();
        }

        String headline(int version) {
            String which = rule.learned() ? "learned rule '" + rule.name() + "' (policy v" + version + ")"
                    : "rule '" + rule.name() + "' (v" + version + ")";
            return result.failed() ? which + " could not be evaluated: " + result.error() : which + ": " + rule.message();
        }

        String note() {
            return result.failed()
                    ? "rule '" + rule.name() + "' could not be evaluated: " + result.error()
                    : "rule '" + rule.name() + "': " + rule.message();
        }

        String shadowNote() {
            if (result.failed()) {
                return "rule '" + rule.name() + "' could not be evaluated: " + result.error();
            }
            return result.matched()
                    ? "rule '" + rule.name() + "' would " + rule.effect() + ": " + rule.message()
                    : "rule '" + rule.name() + "' would pass";
        }
    }
}

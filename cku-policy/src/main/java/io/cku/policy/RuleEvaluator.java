package io.cku.policy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.cel.common.CelValidationException;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime.Program;

/**
 * Evaluates rule expressions against a run's variables. Each expression text is compiled once and its program
 * (or its compile error) cached; a full cache starts over, so rule churn cannot grow it without bound.
 */
public final class RuleEvaluator {

    private final Map<String, Compiled> programs = new ConcurrentHashMap<>();
    private final int capacity;

    /** An evaluator caching up to {@code capacity} distinct expressions. */
    public RuleEvaluator(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** The expression's verdict on the variables from the run (see the POLICY gate); never throws for a bad rule. */
    public RuleResult evaluate(String expression, Map<String, Object> variables) {
        if (expression == null) {
            return RuleResult.failed("has no expression");
        }

        Compiled compiled = compiled(expression);
        if (compiled.error() != null) {
            return RuleResult.failed(compiled.error());
        }

        try {
            Object value = compiled.program().eval(variables);
            if (value instanceof Boolean matched) {
                return matched ? RuleResult.TRUE : RuleResult.FALSE;
            }
            return RuleResult.failed("returned " + value + ", not a bool");
        } catch (CelEvaluationException e) {
            return RuleResult.failed(e.getMessage());
        }
    }

    /** How many compiled expressions are cached. */
    public int cached() {
        return programs.size();
    }

    private Compiled compiled(String expression) {
        Compiled cached = programs.get(expression);
        if (cached != null) {
            return cached;
        }

        if (programs.size() >= capacity) {
            programs.clear();
        }
        return programs.computeIfAbsent(expression, RuleEvaluator::compile);
    }

    private static Compiled compile(String expression) {
        try {
            return new Compiled(RuleLanguage.compile(expression), null);
        } catch (CelValidationException e) {
            return new Compiled(null, "does not compile: " + RuleLanguage.describe(e.getErrors()));
        } catch (CelEvaluationException e) {
            return new Compiled(null, "does not compile: " + e.getMessage());
        }
    }

    private record Compiled(Program program, String error) {
    }
}

package io.cku.governance.gates;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import dev.cel.common.values.NullValue;
import io.cku.governance.GateContext;
import io.cku.governance.PlannedStep;
import io.cku.shared.Actor;

/**
 * Binds a run to the variables {@link RuleLanguage} declares. Values from JSON are converted to CEL's: whole numbers to
 * long (int), other numbers to double, null to CEL null, collections to lists and maps with string keys.
 */
final class RunVariables {

    private RunVariables() {
    }

    /** The variables of one run, built once and shared by all of its rules. */
    public static Map<String, Object> of(GateContext context) {
        Map<String, Object> variables = new HashMap<>(16);
        variables.put("intent", text(context.intent()));
        variables.put("mode", context.mode().wireName());
        variables.put("labels", context.labels());
        variables.put("plan", context.steps().stream().map(RunVariables::step).toList());
        variables.put("evidence", map(context.evidence()));
        variables.put("submitter", submitter(context.submitter()));
        variables.put("time", context.now());
        return variables;
    }

    private static Map<String, Object> step(PlannedStep step) {
        String risk = step.risk() == null ? "" : step.risk().name().toLowerCase(Locale.ROOT);
        Map<String, Object> params = step.params() == null ? Map.of() : map(step.params());
        return Map.of("name", text(step.name()), "skill", text(step.skill()), "risk", risk, "params", params, "target", step.target());
    }

    private static Map<String, String> submitter(Actor actor) {
        return Map.of("kind", actor.kind().prefix(), "name", actor.name(), "tenant", actor.tenant().value());
    }

    private static Map<String, Object> map(Map<?, ?> values) {
        Map<String, Object> converted = new HashMap<>(Math.max(4, values.size() * 2));
        values.forEach((key, value) -> converted.put(String.valueOf(key), value(value)));
        return converted;
    }

    private static Object value(Object value) {
        if (value == null) {
            return NullValue.NULL_VALUE;
        }
        if (value instanceof Number number) {
            return number(number);
        }
        if (value instanceof Map<?, ?> map) {
            return map(map);
        }
        if (value instanceof Collection<?> values) {
            return list(values);
        }
        if (value instanceof String || value instanceof Boolean || value instanceof Instant || value instanceof Duration) {
            return value;
        }
        return value instanceof Enum<?> constant ? constant.name() : value.toString();
    }

    private static Object number(Number number) {
        if (number instanceof Long || number instanceof Double) {
            return number;
        }
        if (number instanceof Integer || number instanceof Short || number instanceof Byte) {
            return number.longValue();
        }
        if (number instanceof BigInteger big && big.bitLength() < Long.SIZE) {
            return big.longValue();
        }
        return number.doubleValue();
    }

    private static List<Object> list(Collection<?> values) {
        List<Object> converted = new ArrayList<>(values.size());
        values.forEach(value -> converted.add(value(value)));
        return converted;
    }

    private static String text(String value) {
        return Objects.requireNonNullElse(value, "");
    }
}

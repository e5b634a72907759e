package io.cku.skillengine.builtin;

import java.util.List;
import java.util.Map;

/** Typed reads of a step's parameters; each check adds a readable message instead of throwing. */
final class Params {

    private final Map<String, Object> values;
    private final List<String> problems;

    Params(Map<String, Object> values, List<String> problems) {
        this.values = values == null ? Map.of() : values;
        this.problems = problems;
    }

    String requiredString(String key) {
        Object value = values.get(key);
        if (!(value instanceof String text) || text.isBlank()) {
            problems.add("params." + key + " is required and must be a non-empty string");
            return null;
        }
        return text;
    }

    String optionalString(String key, String fallback) {
        Object value = values.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof String text)) {
            problems.add("params." + key + " must be a string");
            return fallback;
        }
        return text;
    }

    long longWithin(String key, long fallback, long min, long max) {
        Object value = values.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
            problems.add("params." + key + " must be a whole number");
            return fallback;
        }
        long result = number.longValue();
        if (result < min || result > max) {
            problems.add("params." + key + " must be within " + min + ".." + max + ", was " + result);
        }
        return result;
    }

    /** A whole number or an array of them, each within min..max; empty when the parameter is absent or wrong. */
    List<Integer> wholeNumbers(String key, int min, int max) {
        Object value = values.get(key);
        if (value == null) {
            return List.of();
        }
        List<?> given = value instanceof List<?> list ? list : List.of(value);
        boolean fits = !given.isEmpty() && given.stream().allMatch(item -> item instanceof Number number
                && number.doubleValue() == Math.rint(number.doubleValue())
                && number.doubleValue() >= min && number.doubleValue() <= max);
        if (!fits) {
            problems.add("params." + key + " must be a whole number from " + min + " to " + max
                    + " or an array of them, was " + value);
            return List.of();
        }
        return given.stream().map(item -> ((Number) item).intValue()).toList();
    }

    boolean bool(String key, boolean fallback) {
        Object value = values.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean flag)) {
            problems.add("params." + key + " must be true or false");
            return fallback;
        }
        return flag;
    }

    List<String> stringList(String key) {
        Object value = values.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            problems.add("params." + key + " must be an array of strings");
            return List.of();
        }
        return list.stream().map(String.class::cast).toList();
    }

    Map<String, String> stringMap(String key) {
        Object value = values.get(key);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map) || !map.values().stream().allMatch(String.class::isInstance)) {
            problems.add("params." + key + " must be an object of string values");
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        Map<String, String> strings = (Map<String, String>) map;
        return strings;
    }

    Object raw(String key) {
        return values.get(key);
    }

    boolean ok() {
        return problems.isEmpty();
    }
}

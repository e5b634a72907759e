package io.cku.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The part of TOML the CLI's files use: {@code [table]} headers with dotted names and {@code key = "string"} lines, with
 * {@code #} comments. Enough to read what {@link #write} wrote and what a person edited by hand.
 */
final class Toml {

    private Toml() {
    }

    /** Tables by name ({@code ""} for the keys before the first header), each with its keys in file order. */
    static Map<String, Map<String, String>> parse(String text) {
        Map<String, Map<String, String>> tables = new LinkedHashMap<>();
        String table = "";
        int number = 0;
        for (String raw : text.split("\n", -1)) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                table = line.substring(1, line.length() - 1).strip();
                tables.computeIfAbsent(table, t -> new LinkedHashMap<>());
                continue;
            }
            int equals = line.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("line " + number + " is neither [table] nor key = \"value\"");
            }
            tables.computeIfAbsent(table, t -> new LinkedHashMap<>())
                    .put(line.substring(0, equals).strip(), value(line.substring(equals + 1).strip(), number));
        }
        return tables;
    }

    /** The tables as TOML, keys before the first header first; null values are left out. */
    static String write(String comment, Map<String, Map<String, String>> tables) {
        StringBuilder out = new StringBuilder("# ").append(comment).append('\n');
        tables.getOrDefault("", Map.of()).forEach((key, value) -> line(out, key, value));
        tables.forEach((name, keys) -> {
            if (!name.isEmpty() && !keys.isEmpty()) {
                out.append('\n').append('[').append(name).append("]\n");
                keys.forEach((key, value) -> line(out, key, value));
            }
        });
        return out.toString();
    }

    private static void line(StringBuilder out, String key, String value) {
        if (value != null) {
            out.append(key).append(" = \"").append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n");
        }
    }

    private static String value(String text, int number) {
        if (text.length() < 2 || !text.startsWith("\"") || !text.endsWith("\"")) {
            throw new IllegalArgumentException("line " + number + ": values are \"quoted strings\"");
        }
        StringBuilder value = new StringBuilder();
        for (int i = 1; i < text.length() - 1; i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() - 1) {
                c = text.charAt(++i);
            }
            value.append(c);
        }
        return value.toString();
    }
}

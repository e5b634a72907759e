package io.cku.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code -o table|json|jsonl|yaml}, shared by every command that prints objects: a table for people (the default on a
 * terminal), or the API's own JSON for scripts (the default otherwise).
 */
final class Output {

    enum Format { table, json, jsonl, yaml }

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
            description = "table, json, jsonl or yaml (default: table on a terminal, json otherwise)")
    Format format;

    /** One column of a table: its header and how a row's value is shown. */
    record Column(String header, Function<JsonNode, String> value) {

        /** The text (or number) at a field, blank when absent. */
        static Column of(String header, String field) {
            return new Column(header, row -> text(row.path(field)));
        }
    }

    Format format(Environment env) {
        return format != null ? format : env.terminal() ? Format.table : Format.json;
    }

    /** Prints an object or an array of them; {@code none} is the table's line for an empty array. */
    void print(Environment env, JsonNode value, List<Column> columns, String none) {
        PrintWriter out = env.out();
        switch (format(env)) {
            case json -> out.println(value.toPrettyString());
            case jsonl -> {
                if (value.isArray()) {
                    value.forEach(element -> out.println(element.toString()));
                } else {
                    out.println(value.toString());
                }
            }
            case yaml -> out.print(YAML.writeValueAsString(value));
            case table -> table(env, value.isArray() ? value : List.of(value), columns, none);
        }
        out.flush();
    }

    private static void table(Environment env, Iterable<JsonNode> rows, List<Column> columns, String none) {
        List<String[]> lines = new ArrayList<>();
        lines.add(columns.stream().map(Column::header).toArray(String[]::new));
        for (JsonNode row : rows) {
            lines.add(columns.stream().map(column -> oneLine(column.value().apply(row))).toArray(String[]::new));
        }
        if (lines.size() == 1) {
            env.out().println(none);
            return;
        }
        int[] widths = new int[columns.size()];
        lines.forEach(cells -> {
            for (int i = 0; i < cells.length; i++) {
                widths[i] = Math.max(widths[i], cells[i].length());
            }
        });
        int room = env.width() - 3 * (columns.size() - 1);
        for (int i = 0; i < widths.length - 1; i++) {
            room -= widths[i];
        }
        int last = widths.length - 1;
        widths[last] = env.terminal() ? Math.max(10, Math.min(widths[last], room)) : widths[last];
        for (String[] cells : lines) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cells.length; i++) {
                String cell = cells[i].length() > widths[i] ? cells[i].substring(0, widths[i] - 1) + "…" : cells[i];
                line.append(i == last ? cell : String.format("%-" + widths[i] + "s   ", cell));
            }
            env.out().println(line.toString().stripTrailing());
        }
    }

    /** A JSON value as a cell: text as is, null and absent blank, anything else as compact JSON. */
    static String text(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "";
        }
        return value.isValueNode() ? value.asString() : value.toString();
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replace('\n', ' ').replace('\r', ' ');
    }
}

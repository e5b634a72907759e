package io.cku.governance.evidence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one or more SARIF logs found: results by effective level, runs that did not complete, the tools that ran
 * and how often each rule fired (results of level {@code none} are not counted anywhere).
 */
record SarifSummary(int reports, long errors, long warnings, long notes, int incompleteRuns,
                    List<String> tools, Map<String, Long> ruleCounts) {

    static final SarifSummary NONE = new SarifSummary(0, 0, 0, 0, 0, List.of(), Map.of());

    private static final int TOP_RULES = 5;

    SarifSummary {
        tools = List.copyOf(tools);
        ruleCounts = Map.copyOf(ruleCounts);
    }

    SarifSummary plus(SarifSummary other) {
        Set<String> allTools = new LinkedHashSet<>(tools);
        allTools.addAll(other.tools);
        Map<String, Long> allRules = new TreeMap<>(ruleCounts);
        other.ruleCounts.forEach((rule, count) -> allRules.merge(rule, count, Long::sum));

        return new SarifSummary(reports + other.reports, errors + other.errors, warnings + other.warnings,
                notes + other.notes, incompleteRuns + other.incompleteRuns, new ArrayList<>(allTools), allRules);
    }

    /** Lint passes when every run completed and no result is an error. */
    boolean lintPassed() {
        return errors == 0 && incompleteRuns == 0;
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("reports", reports);
        map.put("errors", errors);
        map.put("warnings", warnings);
        map.put("notes", notes);
        map.put("incompleteRuns", incompleteRuns);
        map.put("tools", tools);
        map.put("rules", topRules());
        return Collections.unmodifiableMap(map);
    }

    /** The most frequent rules, most frequent first and ties by rule id, as {@code {ruleId, count}}. */
    private List<Map<String, Object>> topRules() {
        return ruleCounts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP_RULES)
                .map(rule -> Map.<String, Object>of("ruleId", rule.getKey(), "count", rule.getValue()))
                .toList();
    }
}

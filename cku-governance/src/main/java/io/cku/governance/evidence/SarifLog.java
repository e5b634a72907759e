package io.cku.governance.evidence;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.cku.shared.InvalidRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a SARIF 2.1.0 log into a {@link SarifSummary}.
 *
 * <p>A result's effective level follows the SARIF rules: a {@code kind} other than {@code fail} means {@code none};
 * otherwise its own {@code level}, else its rule's {@code defaultConfiguration.level} from {@code tool.driver.rules},
 * else {@code warning}. A run is incomplete when it has no {@code results} array (SARIF's way of saying the tool did
 * not finish) or an invocation reports {@code executionSuccessful: false}.
 */
final class SarifLog {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String NOT_SARIF = "not valid SARIF: ";

    private static final Set<String> LEVELS = Set.of("error", "warning", "note", "none");

    /** One result reduced to what the summary needs; {@code ruleId} may be null. */
    private record Finding(String level, String ruleId) {
    }

    /** A run's rules: ids by index, default levels by id. */
    private record Rules(List<String> ids, Map<String, String> defaultLevels) {
    }

    private SarifLog() {
    }

    /** Summarises a SARIF 2.1.0 log; refuses anything else with what is wrong and where. */
    static SarifSummary parse(byte[] json, String field) {
        JsonNode log = readTree(json, field);
        if (!log.isObject() || !log.path("runs").isArray()) {
            throw refusal(field, "no \"runs\" array; a SARIF 2.1.0 log is {\"version\": \"2.1.0\", \"runs\": [...]}");
        }
        JsonNode version = log.get("version");
        if (!"2.1.0".equals(text(version))) {
            throw refusal(field, "\"version\" is " + (version == null ? "missing" : version) + "; only SARIF 2.1.0 is read");
        }

        SarifSummary summary = new SarifSummary(1, 0, 0, 0, 0, List.of(), Map.of());
        JsonNode runs = log.get("runs");
        for (int i = 0; i < runs.size(); i++) {
            summary = summary.plus(run(runs.get(i), "runs[" + i + "]", field));
        }
        return summary;
    }

    private static JsonNode readTree(byte[] json, String field) {
        try {
            return JSON.readTree(json);
        } catch (JacksonException e) {
            String reason = e.getOriginalMessage().split(" \\(start marker at| at \\[Source")[0];
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw refusal(field, "malformed JSON" + where + ": " + reason);
        }
    }

    private static SarifSummary run(JsonNode run, String at, String field) {
        JsonNode driver = run.path("tool").path("driver");
        String tool = text(driver.get("name"));
        if (tool == null || tool.isBlank()) {
            throw refusal(field, at + ".tool.driver.name is missing; every SARIF run names the tool that produced it");
        }
        JsonNode results = run.get("results");
        if (results != null && !results.isNull() && !results.isArray()) {
            throw refusal(field, at + ".results must be an array of results");
        }

        Rules rules = rules(driver.path("rules"), at + ".tool.driver.rules", field);
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; results != null && i < results.size(); i++) {
            findings.add(finding(results.get(i), at + ".results[" + i + "]", rules, field));
        }
        boolean incomplete = results == null || results.isNull() || failedInvocation(run.path("invocations"));
        return summary(tool, findings, incomplete);
    }

    private static Rules rules(JsonNode descriptors, String at, String field) {
        List<String> ids = new ArrayList<>();
        Map<String, String> defaultLevels = new HashMap<>();
        for (int i = 0; descriptors.isArray() && i < descriptors.size(); i++) {
            JsonNode rule = descriptors.get(i);
            String id = text(rule.get("id"));
            ids.add(id);
            JsonNode level = rule.path("defaultConfiguration").get("level");
            if (id != null && level != null) {
                defaultLevels.put(id, level(level, at + "[" + i + "].defaultConfiguration.level", field));
            }
        }
        return new Rules(ids, defaultLevels);
    }

    private static Finding finding(JsonNode result, String at, Rules rules, String field) {
        if (!result.isObject()) {
            throw refusal(field, at + " must be an object");
        }
        String ruleId = ruleId(result, rules);
        String kind = text(result.get("kind"));
        if (kind != null && !"fail".equals(kind)) {
            return new Finding("none", ruleId);
        }

        JsonNode level = result.get("level");
        if (level != null) {
            return new Finding(level(level, at + ".level", field), ruleId);
        }
        return new Finding(rules.defaultLevels().getOrDefault(ruleId, "warning"), ruleId);
    }

    private static String ruleId(JsonNode result, Rules rules) {
        String id = text(result.get("ruleId"));
        if (id == null) {
            id = text(result.path("rule").get("id"));
        }
        JsonNode index = result.has("ruleIndex") ? result.get("ruleIndex") : result.path("rule").path("index");
        if (id == null && index.canConvertToInt() && index.intValue() >= 0 && index.intValue() < rules.ids().size()) {
            id = rules.ids().get(index.intValue());
        }
        return id;
    }

    private static boolean failedInvocation(JsonNode invocations) {
        for (int i = 0; invocations.isArray() && i < invocations.size(); i++) {
            JsonNode successful = invocations.get(i).path("executionSuccessful");
            if (successful.isBoolean() && !successful.asBoolean()) {
                return true;
            }
        }
        return false;
    }

    private static SarifSummary summary(String tool, List<Finding> findings, boolean incomplete) {
        Map<String, Long> byLevel = findings.stream().collect(groupingBy(Finding::level, counting()));
        Map<String, Long> byRule = findings.stream()
                .filter(finding -> !"none".equals(finding.level()) && finding.ruleId() != null)
                .collect(groupingBy(Finding::ruleId, counting()));

        return new SarifSummary(0, byLevel.getOrDefault("error", 0L), byLevel.getOrDefault("warning", 0L),
                byLevel.getOrDefault("note", 0L), incomplete ? 1 : 0, List.of(tool), byRule);
    }

    private static String level(JsonNode level, String at, String field) {
        String value = text(level);
        if (!LEVELS.contains(Objects.requireNonNullElse(value, ""))) {
            throw refusal(field, at + " is " + level + "; expected \"error\", \"warning\", \"note\" or \"none\"");
        }
        return value;
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() ? node.asString() : null;
    }

    private static InvalidRequest refusal(String field, String reason) {
        return InvalidRequest.of(field, NOT_SARIF + reason);
    }
}

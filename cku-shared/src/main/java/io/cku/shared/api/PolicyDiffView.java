package io.cku.shared.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.swagger.v3.oas.annotations.media.Schema;

/** What changed from one version of a tenant's policy rules to another, rule by rule (rules are matched by name). */
@Schema(description = "What changed from `against` to `version`: rules added, removed, and changed (matched by name)")
public record PolicyDiffView(int version, int against, List<PolicyRequest.RuleRequest> added, List<PolicyRequest.RuleRequest> removed,
        List<Changed> changed) {

    /** A rule of the same name in both versions that differs in anything else. */
    public record Changed(String name, PolicyRequest.RuleRequest before, PolicyRequest.RuleRequest after) {
    }

    /** The difference from {@code against} to {@code version}. */
    public static PolicyDiffView between(PolicyView version, PolicyView against) {
        Map<String, PolicyRequest.RuleRequest> before = byName(against.rules());
        Map<String, PolicyRequest.RuleRequest> after = byName(version.rules());
        List<PolicyRequest.RuleRequest> added = new ArrayList<>();
        List<Changed> changed = new ArrayList<>();
        after.forEach((name, rule) -> {
            PolicyRequest.RuleRequest old = before.get(name);
            if (old == null) {
                added.add(rule);
            } else if (!Objects.equals(old, rule)) {
                changed.add(new Changed(name, old, rule));
            }
        });
        List<PolicyRequest.RuleRequest> removed = before.entrySet().stream().filter(entry -> !after.containsKey(entry.getKey()))
                .map(Map.Entry::getValue).toList();
        return new PolicyDiffView(version.version(), against.version(), added, removed, changed);
    }

    private static Map<String, PolicyRequest.RuleRequest> byName(List<PolicyRequest.RuleRequest> rules) {
        Map<String, PolicyRequest.RuleRequest> named = new LinkedHashMap<>();
        rules.forEach(rule -> named.putIfAbsent(rule.name(), rule));
        return named;
    }
}

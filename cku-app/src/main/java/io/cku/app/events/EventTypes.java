package io.cku.app.events;

import java.util.Map;
import java.util.Optional;

import io.cku.audit.AuditEntry;
import io.cku.realtime.Event;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which audit entries are events, and their names: a dotted past-tense type per kind of change. Entries about sign-ins,
 * tokens and accounts are not streamed (they stay in the audit log).
 */
final class EventTypes {

    /** Audit actions streamed under another name, or as they are when they map to themselves. */
    private static final Map<String, String> RENAMED = Map.ofEntries(
            Map.entry("run.submitted", "run.submitted"),
            Map.entry("run.status-changed", "run.status-changed"),
            Map.entry("run.finished", "run.finished"),
            Map.entry("run.cancelled", "run.finished"),
            Map.entry("run.step-started", "step.started"),
            Map.entry("run.step-retry-scheduled", "step.attempted"),
            Map.entry("run.step-succeeded", "step.succeeded"),
            Map.entry("run.step-failed", "step.failed"),
            Map.entry("run.step-skipped", "step.skipped"),
            Map.entry("run.step-cancelled", "step.cancelled"),
            Map.entry("run.step-reset", "step.reset"),
            Map.entry("run.step-compensating", "step.compensating"),
            Map.entry("run.step-compensated", "step.compensated"),
            Map.entry("run.step-compensation-failed", "step.compensation-failed"),
            Map.entry("run.step-compensation-skipped", "step.compensation-skipped"),
            Map.entry("approval.given", "approval.given"),
            Map.entry("approval.refused", "approval.rejected"),
            Map.entry("approval.expired", "approval.expired"),
            Map.entry("approval.escalated", "approval.escalated"),
            Map.entry("policy.published", "policy.published"),
            Map.entry("policy.activated", "policy.activated"));

    /** A person's answer to {@code decision.needed}: the healing action is the decision itself. */
    private static final java.util.Set<String> DECISIONS = java.util.Set.of("retry", "rollback", "skip", "abort");

    private final JsonMapper json;

    EventTypes(JsonMapper json) {
        this.json = json;
    }

    Optional<Event> event(AuditEntry entry) {
        String type = type(entry);
        if (type == null) {
            return Optional.empty();
        }
        String action = entry.action();
        String runId = action.startsWith("run.") || action.startsWith("approval.") ? entry.subject() : null;
        return Optional.of(new Event(entry.seq(), type, entry.tenant(), runId, entry.at(), entry.details()));
    }

    private String type(AuditEntry entry) {
        String action = entry.action();
        String renamed = RENAMED.get(action);
        if (renamed != null) {
            return renamed;
        }
        if ("run.gate-decided".equals(action)) {
            return switch (field(entry, "verdict")) {
                case "PASS" -> "gate.passed";
                case "PAUSE" -> "gate.paused";
                default -> "gate.rejected";
            };
        }
        if ("run.healing".equals(action)) {
            String acted = field(entry, "action");
            if ("decision-requested".equals(acted)) {
                return "decision.needed";
            }
            return DECISIONS.contains(acted) ? "decision.taken" : "healing." + acted;
        }
        return null;
    }

    private String field(AuditEntry entry, String name) {
        JsonNode value = json.readTree(entry.details()).get(name);
        return value == null ? "" : value.asString();
    }
}

package io.cku.app.events;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.cku.app.views.RunViews;
import io.cku.audit.AuditEntry;
import io.cku.realtime.Event;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

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
            Map.entry("policy.activated", "policy.activated"),
            Map.entry("learning.outcome-recorded", "learning.outcome-recorded"),
            Map.entry("learning.pattern-detected", "learning.pattern-detected"),
            Map.entry("learning.pattern-resolved", "learning.pattern-resolved"),
            Map.entry("audit.checkpoint-signed", "audit.checkpoint-signed"));

    /** Audit actions whose event type depends on a member of their details. */
    private static final Set<String> DETAILED = Set.of("run.gate-decided", "run.healing");

    /** A person's answer to {@code decision.needed}: the healing action is the decision itself. */
    private static final Set<String> DECISIONS = Set.of("retry", "rollback", "skip", "abort");

    private final JsonMapper json;

    EventTypes(JsonMapper json) {
        this.json = json;
    }

    /**
     * The event an audit entry is, if any. Only the top of the details is read, as a stream: the members that name the type
     * and the stored view, whose text is the event's data as it stands (no tree is built and written again).
     */
    Optional<Event> event(AuditEntry entry) {
        String action = entry.action();
        if (!streamed(action)) {
            return Optional.empty(); // not read at all
        }
        Top top = top(entry.details());
        String type = type(action, name -> switch (name) {
            case "verdict" -> top.verdict();
            case "action" -> top.action();
            default -> "";
        });
        if (type == null) {
            return Optional.empty();
        }
        String runId = action.startsWith("run.") || action.startsWith("approval.") ? entry.subject() : null;
        String data = top.view() != null ? top.view() : data(entry, json.readTree(entry.details()));
        return Optional.of(new Event(entry.seq(), type, entry.tenant(), runId, entry.at(), data));
    }

    /** What the type and data of an entry depend on: two text members and the view's text. */
    private record Top(String verdict, String action, String view) {
    }

    private Top top(String details) {
        String verdict = "";
        String acted = "";
        String view = null;
        try (JsonParser parser = json.createParser(details)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new Top(verdict, acted, null);
            }
            for (String name = parser.nextName(); name != null; name = parser.nextName()) {
                JsonToken value = parser.nextToken();
                if (name.equals(RunViews.AUDIT_MEMBER) && value == JsonToken.VALUE_STRING) {
                    view = parser.getString(); // the view's JSON text, as the API wrote it
                } else if (name.equals(RunViews.AUDIT_MEMBER)) { // stored as a tree before the text form
                    int start = (int) parser.currentTokenLocation().getCharOffset();
                    parser.skipChildren();
                    view = details.substring(start, (int) parser.currentLocation().getCharOffset());
                } else if (name.equals("verdict") && value == JsonToken.VALUE_STRING) {
                    verdict = parser.getString();
                } else if (name.equals("action") && value == JsonToken.VALUE_STRING) {
                    acted = parser.getString();
                } else {
                    parser.skipChildren();
                }
            }
        }
        return new Top(verdict, acted, view);
    }

    /**
     * What the event carries: the changed object as the API shows it. A run's change stored it with the entry; a person's
     * decision is an {@code ApprovalView} (with {@code counted}: whether it counted towards the quorum); a pause's deadline
     * and a policy change carry their details as stored.
     */
    private String data(AuditEntry entry, JsonNode details) {
        JsonNode view = details.get(RunViews.AUDIT_MEMBER);
        if (view != null) {
            return json.writeValueAsString(view);
        }
        String action = entry.action();
        if (action.equals("approval.given") || action.equals("approval.refused")) {
            JsonNode step = details.get("step");
            ObjectNode approval = json.createObjectNode();
            approval.put("gate", step == null ? text(details, "gate") : "STEP");
            approval.put("step", step == null ? null : step.asString());
            approval.put("actor", entry.actor());
            approval.put("decision", action.equals("approval.given") ? "APPROVED" : "REJECTED");
            approval.put("reason", text(details, "reason"));
            approval.put("decidedAt", entry.at().toString());
            approval.put("counted", details.path("counted").asBoolean());
            return json.writeValueAsString(approval);
        }
        return entry.details();
    }

    /** Whether entries with this action are events (which event may depend on their details). */
    private static boolean streamed(String action) {
        return RENAMED.containsKey(action) || DETAILED.contains(action);
    }

    /** The event type of an audit entry with this action whose details' text members {@code detail} gives; null when it is none. */
    static String type(String action, Function<String, String> detail) {
        String renamed = RENAMED.get(action);
        if (renamed != null) {
            return renamed;
        }
        if ("run.gate-decided".equals(action)) {
            return switch (detail.apply("verdict")) {
                case "PASS" -> "gate.passed";
                case "PAUSE" -> "gate.paused";
                default -> "gate.rejected";
            };
        }
        if ("run.healing".equals(action)) {
            String acted = detail.apply("action");
            if ("decision-requested".equals(acted)) {
                return "decision.needed";
            }
            return DECISIONS.contains(acted) ? "decision.taken" : "healing." + acted;
        }
        return null;
    }

    private static String text(JsonNode details, String name) {
        JsonNode value = details.get(name);
        return value == null ? "" : value.asString();
    }
}

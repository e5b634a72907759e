package io.cku.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import tools.jackson.databind.JsonNode;

/** How runs and their events read for people: one line per event, the hints of a pause, a run described in full. */
final class RunText {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z").withZone(ZoneId.systemDefault());

    private RunText() {
    }

    /** An event ({@code {id, type, at, data}}) as one plain line: time, type, what happened. */
    static String line(JsonNode event) {
        return String.format("%s  %-24s %s", clock(event.path("at").asString("")), event.path("type").asString(), what(event));
    }

    /** What an event says, without its time and type. */
    static String what(JsonNode event) {
        String type = event.path("type").asString();
        JsonNode data = event.path("data");
        if (type.startsWith("run.")) {
            return switch (type) {
                case "run.submitted" -> data.path("intent").asString() + " (" + data.path("mode").asString() + ")";
                case "run.finished" -> data.path("status").asString() + outcome(data);
                default -> data.path("status").asString();
            };
        }
        if (type.startsWith("gate.")) {
            return data.path("gate").asString() + ": " + data.path("reason").asString()
                    + (data.path("deadline").isString() ? " (deadline " + moment(data.path("deadline").asString()) + ")" : "");
        }
        if (type.startsWith("approval.")) {
            String what = "STEP".equals(data.path("gate").asString()) ? "step " + data.path("step").asString() : data.path("gate").asString();
            return switch (type) {
                case "approval.expired" -> what + ": nobody decided before the deadline";
                case "approval.escalated" -> what + ": deadline extended to " + moment(data.path("newDeadline").asString());
                default -> what + " by " + data.path("actor").asString() + ": " + data.path("reason").asString();
            };
        }
        if (type.startsWith("step.")) {
            return step(type, data);
        }
        return data.path("step").isString() ? data.path("step").asString() + ": " + data.path("reason").asString("")
                : data.path("reason").asString(data.toString());
    }

    private static String step(String type, JsonNode data) {
        String name = data.path("name").asString() + " (" + data.path("skill").asString() + ")";
        int attempts = data.path("attempts").asInt();
        return switch (type) {
            case "step.started" -> name + ", attempt " + Math.max(1, attempts);
            case "step.attempted" -> {
                JsonNode failed = data.path("attemptLog").path(data.path("attemptLog").size() - 1);
                yield name + ", attempt " + attempts + " failed (" + failed.path("classification").asString("?") + "): "
                        + failed.path("error").asString(data.path("error").asString("")) + "; next at " + clock(data.path("nextAttemptAt").asString(""));
            }
            case "step.succeeded" -> name + (attempts > 1 ? " after " + attempts + " attempts" : "");
            case "step.failed" -> name + ": " + data.path("error").asString("");
            case "step.compensation-failed" -> name + ": " + data.path("compensationError").asString("");
            default -> name;
        };
    }

    /** What a person can do about a pause, as the exact commands; null when the event is not one. */
    static String hint(String runId, JsonNode event) {
        JsonNode data = event.path("data");
        return switch (event.path("type").asString()) {
            case "gate.paused" -> "waiting for approval; an approver other than the submitter runs:\n"
                    + "    cku approvals approve " + runId + " " + data.path("gate").asString() + " --reason \"…\"   (or: cku approvals reject …)";
            case "decision.needed" -> "waiting for a person to decide how to go on:\n"
                    + "    cku decide " + runId + " retry|rollback|skip|abort --reason \"…\"";
            case "step.started" -> "approval".equals(data.path("skill").asString()) ? checkpointHint(runId, data.path("name").asString()) : null;
            default -> null;
        };
    }

    /** The hint for a checkpoint step (the {@code approval} skill) that has started waiting. */
    private static String checkpointHint(String runId, String step) {
        return "waiting for a person at checkpoint step " + step + ":\n    cku checkpoints approve " + runId + " " + step + " --reason \"…\"";
    }

    /** A whole run for people ({@code cku runs get}). */
    static void describe(JsonNode run, PrintWriter out) {
        out.println("Run      " + run.path("id").asString());
        out.println("Intent   " + run.path("intent").asString());
        out.println("Status   " + run.path("status").asString() + outcome(run));
        out.println("Mode     " + run.path("mode").asString() + (run.path("policyVersion").isNumber()
                ? "   policy version " + run.path("policyVersion").asInt() : ""));
        out.println("By       " + run.path("submittedBy").asString() + " at " + run.path("createdAt").asString());
        if (run.path("labels").size() > 0) {
            out.println("Labels   " + run.path("labels").toString());
        }
        out.println();
        out.println("Gates");
        run.path("gates").forEach(gate -> out.printf("  %-6s %-15s %s%n", gate.path("decision").asString(), gate.path("gate").asString(),
                gate.path("reason").asString()));
        if (run.path("approvals").size() > 0) {
            out.println("Approvals");
            run.path("approvals").forEach(a -> out.printf("  %-9s %-15s %s: %s%n", a.path("decision").asString(),
                    "STEP".equals(a.path("gate").asString()) ? a.path("step").asString() : a.path("gate").asString(),
                    a.path("actor").asString(), a.path("reason").asString()));
        }
        out.println("Steps");
        run.path("steps").forEach(step -> out.println(String.format("  %-20s %-22s %s%s", step.path("status").asString(),
                step.path("name").asString() + " (" + step.path("skill").asString() + ")",
                step.path("attempts").asInt() > 1 ? step.path("attempts").asInt() + " attempts " : "",
                step.path("error").isString() ? step.path("error").asString() : "").stripTrailing()));
        if (run.path("healing").size() > 0) {
            out.println("Healing");
            run.path("healing").forEach(h -> out.printf("  %-18s %s: %s%n", h.path("action").asString(), h.path("step").asString(""),
                    h.path("reason").asString("")));
        }
        if (run.path("recommendation").isString()) {
            out.println();
            out.println("Recommendation: " + run.path("recommendation").asString());
        }
    }

    private static String outcome(JsonNode run) {
        return run.path("outcome").isString() ? ": " + run.path("outcome").asString() : "";
    }

    /** A moment that may be days away: its date and time, to the minute, in the local zone. */
    static String moment(String instant) {
        try {
            return MOMENT.format(Instant.parse(instant));
        } catch (DateTimeParseException e) {
            return instant;
        }
    }

    static String clock(String instant) {
        try {
            return CLOCK.format(Instant.parse(instant));
        } catch (DateTimeParseException e) {
            return instant.isEmpty() ? "--:--:--" : instant;
        }
    }
}

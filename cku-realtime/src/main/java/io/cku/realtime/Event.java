package io.cku.realtime;

import java.time.Instant;
import java.util.Objects;

/**
 * One state change, as streamed: {@code {id, type, tenant, runId?, at, data}}.
 *
 * @param id the position in the stored stream (the audit chain's seq): increasing, a resume cursor
 * @param type a dotted past-tense name, such as {@code run.submitted} or {@code gate.paused}
 * @param tenant whose event it is; only that tenant's subscribers see it
 * @param runId the run it is about, or null
 * @param at when the change was made
 * @param data the object the change is about, a JSON object as text
 * @param json the whole event as the JSON object a stream's {@code data:} line carries: made once, however many streams
 *        write it
 */
public record Event(long id, String type, String tenant, String runId, Instant at, String data, String json) {

    public Event {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(at, "at");
        data = data == null || data.isBlank() ? "{}" : data;
        json = json == null ? json(id, type, tenant, runId, at, data) : json;
    }

    public Event(long id, String type, String tenant, String runId, Instant at, String data) {
        this(id, type, tenant, runId, at, data, null);
    }

    private static String json(long id, String type, String tenant, String runId, Instant at, String data) {
        StringBuilder json = new StringBuilder(data.length() + 160);
        json.append("{\"id\":").append(id).append(",\"type\":");
        quote(json, type).append(",\"tenant\":");
        quote(json, tenant);
        if (runId != null) {
            json.append(",\"runId\":");
            quote(json, runId);
        }
        json.append(",\"at\":");
        quote(json, at.toString()).append(",\"data\":").append(data).append('}');
        return json.toString();
    }

    /** Whether this event ends its run's stream. */
    public boolean endsRun() {
        return "run.finished".equals(type);
    }

    private static StringBuilder quote(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"');
    }
}

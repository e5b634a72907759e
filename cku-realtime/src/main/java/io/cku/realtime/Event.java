package io.cku.realtime;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * One state change, as streamed: {@code {id, type, tenant, runId?, at, data}}. Its JSON and its Server-Sent Events frame
 * are made once, however many streams write it.
 */
public final class Event {

    private final long id;
    private final String type;
    private final String tenant;
    private final String runId;
    private final Instant at;
    private final String data;
    private final String json;
    private volatile byte[] frame;

    /**
     * @param id the position in the stored stream (the audit chain's seq): increasing, a resume cursor
     * @param type a dotted past-tense name, such as {@code run.submitted} or {@code gate.paused}
     * @param tenant whose event it is; only that tenant's subscribers see it
     * @param runId the run it is about, or null
     * @param at when the change was made
     * @param data the object the change is about, a JSON object as text
     */
    public Event(long id, String type, String tenant, String runId, Instant at, String data) {
        this.id = id;
        this.type = Objects.requireNonNull(type, "type");
        this.tenant = Objects.requireNonNull(tenant, "tenant");
        this.runId = runId;
        this.at = Objects.requireNonNull(at, "at");
        this.data = data == null || data.isBlank() ? "{}" : data;
        this.json = json(id, type, tenant, runId, at, this.data);
    }

    public long id() {
        return id;
    }

    public String type() {
        return type;
    }

    public String tenant() {
        return tenant;
    }

    public String runId() {
        return runId;
    }

    public Instant at() {
        return at;
    }

    public String data() {
        return data;
    }

    /** The whole event as the JSON object a stream's {@code data:} line carries. */
    public String json() {
        return json;
    }

    /** The event's Server-Sent Events frame, UTF-8: {@code id:} its id, {@code event:} its type, {@code data:} its JSON. */
    public byte[] frame() {
        byte[] made = frame;
        if (made == null) {
            made = ("id:" + id + "\nevent:" + type + "\ndata:" + json + "\n\n").getBytes(StandardCharsets.UTF_8);
            frame = made;
        }
        return made;
    }

    /** Whether this event ends its run's stream. */
    public boolean endsRun() {
        return "run.finished".equals(type);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Event event && id == event.id && type.equals(event.type) && tenant.equals(event.tenant)
                && Objects.equals(runId, event.runId) && at.equals(event.at) && data.equals(event.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, type, tenant, runId, at, data);
    }

    @Override
    public String toString() {
        return "Event" + json;
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

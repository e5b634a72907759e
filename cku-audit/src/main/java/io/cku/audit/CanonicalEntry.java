package io.cku.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The exact bytes an entry's leaf hash covers: the RFC 8785 canonical JSON of its fields. */
public final class CanonicalEntry {

    private CanonicalEntry() {
    }

    /**
     * @param details the entry's details as parsed JSON values (maps, lists, strings, numbers, booleans, null)
     */
    public static byte[] bytes(long seq, Instant at, String tenant, String actor, String action, String subject, Object details) {
        return bytes(seq, at.toString(), tenant, actor, action, subject, details);
    }

    /**
     * @param at the entry's time as ISO-8601 text, as {@link Instant#toString()} writes it
     * @param details the entry's details as parsed JSON values or a Jackson tree
     */
    public static byte[] bytes(long seq, String at, String tenant, String actor, String action, String subject, Object details) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("seq", seq);
        entry.put("at", at);
        entry.put("tenant", tenant);
        entry.put("actor", actor);
        entry.put("action", action);
        entry.put("subject", subject);
        entry.put("details", details);
        return Jcs.canonicalize(entry);
    }
}

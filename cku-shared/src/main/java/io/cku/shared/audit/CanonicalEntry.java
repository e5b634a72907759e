package io.cku.shared.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exact bytes an entry's leaf hash covers: the RFC 8785 canonical JSON of its fields, {@code action}, {@code actor},
 * {@code at}, {@code details}, {@code seq}, {@code subject}, {@code tenant} (in that order, which is RFC 8785's).
 *
 * <p>Everything but the seq is known when a change is recorded; the seq only when the entry is linked into the chain. A
 * {@link Template} therefore holds the bytes before and after the seq, so linking needs no JSON work at all.
 */
public final class CanonicalEntry {

    private static final byte[] SEQ_MEMBER = ",\"seq\":".getBytes(StandardCharsets.US_ASCII);

    private CanonicalEntry() {
    }

    /**
     * @param details the entry's details as parsed JSON values (maps, lists, strings, numbers, booleans, null)
     */
    public static byte[] bytes(long seq, Instant at, String tenant, String actor, String action, String subject, Object details) {
        return template(at.toString(), tenant, actor, action, subject, details).bytes(seq);
    }

    /**
     * @param at the entry's time as ISO-8601 text, as {@link Instant#toString()} writes it
     * @param details the entry's details as parsed JSON values or a Jackson tree
     */
    public static byte[] bytes(long seq, String at, String tenant, String actor, String action, String subject, Object details) {
        return template(at, tenant, actor, action, subject, details).bytes(seq);
    }

    /** The canonical bytes of an entry with these fields, less its seq. */
    public static Template template(String at, String tenant, String actor, String action, String subject, Object details) {
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("action", action);
        before.put("actor", actor);
        before.put("at", at);
        before.put("details", details);
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("subject", subject);
        after.put("tenant", tenant);
        byte[] head = Jcs.canonicalize(before); // {"action":…,"details":…}
        byte[] tail = Jcs.canonicalize(after); // {"subject":…,"tenant":…}
        byte[] prefix = Arrays.copyOf(head, head.length - 1 + SEQ_MEMBER.length);
        System.arraycopy(SEQ_MEMBER, 0, prefix, head.length - 1, SEQ_MEMBER.length);
        byte[] suffix = tail.clone();
        suffix[0] = ',';
        return new Template(prefix, suffix);
    }

    /**
     * An entry's canonical bytes around its seq: {@code prefix + seq + suffix}, where the seq is written in decimal as
     * RFC 8785 writes a whole number below 2^53.
     */
    public record Template(byte[] prefix, byte[] suffix) {

        public byte[] bytes(long seq) {
            if (seq < 1 || seq > (1L << 53)) {
                throw new IllegalArgumentException("seq must be within 1..2^53, was " + seq);
            }
            byte[] digits = Long.toString(seq).getBytes(StandardCharsets.US_ASCII);
            byte[] bytes = Arrays.copyOf(prefix, prefix.length + digits.length + suffix.length);
            System.arraycopy(digits, 0, bytes, prefix.length, digits.length);
            System.arraycopy(suffix, 0, bytes, prefix.length + digits.length, suffix.length);
            return bytes;
        }
    }
}

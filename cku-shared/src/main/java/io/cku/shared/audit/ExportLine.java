package io.cku.shared.audit;

import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One line of an audit export (NDJSON): an entry in full, or, when the reader may not see it, only its seq and hashes.
 * Hashes are lower-case hex, {@code canonical} is the base64 of the exact bytes that were hashed.
 *
 * <pre>
 * {"seq":7,"at":"…","tenant":"…","actor":"user:alice","action":"…","subject":"…","details":{…},"canonical":"…","leafHash":"…","prevLink":"…","linkHash":"…"}
 * {"seq":8,"redacted":true,"leafHash":"…","prevLink":"…","linkHash":"…"}
 * </pre>
 *
 * @param entry the entry's fields and hashed bytes; null on a redacted line
 */
public record ExportLine(long seq, Entry entry, byte[] leafHash, byte[] prevLink, byte[] linkHash) {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Set<String> FULL = Set.of("seq", "at", "tenant", "actor", "action", "subject", "details", "canonical",
            "leafHash", "prevLink", "linkHash");
    private static final Set<String> REDACTED = Set.of("seq", "redacted", "leafHash", "prevLink", "linkHash");

    /**
     * What a redacted line leaves out.
     *
     * @param at the time exactly as it was hashed, such as {@code 2026-11-24T18:00:00.123456Z}
     * @param canonical the stored bytes that were hashed
     */
    public record Entry(String at, String tenant, String actor, String action, String subject, JsonNode details, byte[] canonical) {
    }

    /** The line without the entry's fields, for a reader of another tenant. */
    public ExportLine redacted() {
        return new ExportLine(seq, null, leafHash, prevLink, linkHash);
    }

    public boolean isRedacted() {
        return entry == null;
    }

    /** The line as one line of JSON, without the newline. */
    public byte[] toJson() {
        ObjectNode line = MAPPER.createObjectNode().put("seq", seq);
        if (entry == null) {
            line.put("redacted", true);
        } else {
            line.put("at", entry.at()).put("tenant", entry.tenant()).put("actor", entry.actor()).put("action", entry.action())
                    .put("subject", entry.subject()).set("details", entry.details());
            line.put("canonical", Base64.getEncoder().encodeToString(entry.canonical()));
        }
        line.put("leafHash", HEX.formatHex(leafHash)).put("prevLink", HEX.formatHex(prevLink)).put("linkHash", HEX.formatHex(linkHash));
        return MAPPER.writeValueAsBytes(line);
    }

    /**
     * The bytes the audit log hashes for an entry with these fields: RFC 8785 canonical JSON of seq, at, tenant, actor,
     * action, subject and details.
     */
    static byte[] canonical(long seq, Entry entry) {
        return CanonicalEntry.bytes(seq, entry.at(), entry.tenant(), entry.actor(), entry.action(), entry.subject(), entry.details());
    }

    /**
     * Reads one line strictly: exactly the fields of a full or a redacted line, each of its type.
     *
     * @throws IllegalArgumentException naming the first field that is missing, extra or malformed
     */
    static ExportLine parse(String text) {
        JsonNode line;
        try {
            line = MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("is not one JSON object: " + e.getOriginalMessage());
        }
        if (line == null || !line.isObject()) {
            throw new IllegalArgumentException("is not a JSON object");
        }

        JsonNode redactedFlag = line.get("redacted");
        boolean redacted = redactedFlag != null;
        requireFields(line, redacted ? REDACTED : FULL);
        if (redacted && !(redactedFlag.isBoolean() && redactedFlag.asBoolean())) {
            throw new IllegalArgumentException("has a 'redacted' that is not true");
        }
        Entry entry = redacted ? null : new Entry(text(line, "at"), text(line, "tenant"), text(line, "actor"), text(line, "action"),
                text(line, "subject"), line.get("details"), base64(line, "canonical"));
        return new ExportLine(seq(line), entry, hash(line, "leafHash"), hash(line, "prevLink"), hash(line, "linkHash"));
    }

    private static void requireFields(JsonNode line, Set<String> expected) {
        Set<String> names = new TreeSet<>(line.propertyNames());
        if (!names.equals(expected)) {
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(names);
            names.removeAll(expected);
            throw new IllegalArgumentException(missing.isEmpty() ? "has unexpected fields " + names : "lacks the fields " + missing);
        }
    }

    private static long seq(JsonNode line) {
        JsonNode seq = line.get("seq");
        if (!seq.isIntegralNumber() || !seq.canConvertToLong() || seq.asLong() < 1) {
            throw new IllegalArgumentException("has a 'seq' that is not a whole number from 1");
        }
        return seq.asLong();
    }

    private static String text(JsonNode line, String field) {
        JsonNode value = line.get(field);
        if (!value.isString()) {
            throw new IllegalArgumentException("has a '" + field + "' that is not a string");
        }
        return value.asString();
    }

    private static byte[] base64(JsonNode line, String field) {
        try {
            return Base64.getDecoder().decode(text(line, field));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("has a '" + field + "' that is not base64");
        }
    }

    private static byte[] hash(JsonNode line, String field) {
        String hex = text(line, field);
        if (!HASH.matcher(hex).matches()) {
            throw new IllegalArgumentException("has a '" + field + "' that is not 64 lower-case hex digits");
        }
        return HEX.parseHex(hex);
    }
}

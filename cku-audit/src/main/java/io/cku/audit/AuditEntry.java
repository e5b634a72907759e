package io.cku.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * One link of the chain as stored.
 *
 * @param details the entry's details as JSON text
 * @param canonical the exact bytes hashed: the RFC 8785 canonical JSON of seq, at, tenant, actor, action, subject, details
 * @param leafHash SHA-256(0x00 || canonical)
 * @param linkHash SHA-256(0x01 || previous link || leaf || seq as 8 bytes big-endian)
 */
public record AuditEntry(long seq, Instant at, String tenant, String actor, String action, String subject, String details,
        byte[] canonical, byte[] leafHash, byte[] prevLink, byte[] linkHash) {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /**
     * The entry whose fields are read out of its hashed bytes, as the view {@code audit_entries} reads them: there is no
     * other copy that could disagree with the chain. The details are the canonical text of that member, sliced out of the
     * bytes (no tree is built).
     *
     * @throws IllegalArgumentException when the bytes are not an entry's canonical JSON
     */
    public static AuditEntry read(long seq, byte[] canonical, byte[] leafHash, byte[] prevLink, byte[] linkHash) {
        String at = null;
        String tenant = null;
        String actor = null;
        String action = null;
        String subject = null;
        String details = null;
        try (JsonParser parser = MAPPER.createParser(canonical)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("entry " + seq + " is not a JSON object");
            }
            for (String name = parser.nextName(); name != null; name = parser.nextName()) {
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "at" -> at = parser.getString();
                    case "tenant" -> tenant = parser.getString();
                    case "actor" -> actor = parser.getString();
                    case "action" -> action = parser.getString();
                    case "subject" -> subject = parser.getString();
                    case "details" -> details = value.isStructStart() ? slice(parser, canonical) : MAPPER.writeValueAsString(parser.readValueAsTree());
                    default -> parser.skipChildren();
                }
            }
        }
        if (at == null || tenant == null || action == null) {
            throw new IllegalArgumentException("entry " + seq + " lacks at, tenant or action");
        }
        return new AuditEntry(seq, Instant.parse(at), tenant, actor, action, subject, details == null ? "null" : details, canonical,
                leafHash, prevLink, linkHash);
    }

    /** The object or array the parser stands at, as the text it was read from. */
    private static String slice(JsonParser parser, byte[] bytes) {
        int start = (int) parser.currentTokenLocation().getByteOffset();
        parser.skipChildren();
        int end = (int) parser.currentLocation().getByteOffset();
        return new String(bytes, start, end - start, StandardCharsets.UTF_8);
    }
}

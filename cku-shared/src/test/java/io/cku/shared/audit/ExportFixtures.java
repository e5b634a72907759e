package io.cku.shared.audit;

import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds exports from the documented line format with {@link ChainHashes} and {@link Jcs} alone, as an outside party would,
 * and tampers with them as a forger would: by editing lines and recomputing hashes.
 */
final class ExportFixtures {

    static final String ORIGIN = "cku.example/audit";
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HexFormat HEX = HexFormat.of();

    private ExportFixtures() {
    }

    /** Entries 1..count of the tenants default and acme in turn, chained from the genesis link. */
    static List<ObjectNode> chain(int count) {
        List<ObjectNode> lines = new ArrayList<>();
        for (int seq = 1; seq <= count; seq++) {
            ObjectNode line = JSON.createObjectNode().put("seq", seq).put("at", String.format("2026-11-24T18:00:%02d.123456Z", seq))
                    .put("tenant", seq % 2 == 1 ? "default" : "acme").put("actor", "user:alice").put("action", "test.payment")
                    .put("subject", "invoice-" + seq);
            line.set("details", JSON.createObjectNode().put("amount", 100 + seq).put("note", "é ✓"));
            lines.add(line);
        }
        return rehashed(lines, 0);
    }

    /** Recomputes each full line's canonical bytes and every line's links from {@code index} on. */
    static List<ObjectNode> rehashed(List<ObjectNode> lines, int index) {
        byte[] previous = index == 0 ? ChainHashes.GENESIS : HEX.parseHex(lines.get(index - 1).get("linkHash").asString());
        for (ObjectNode line : lines.subList(index, lines.size())) {
            long seq = line.get("seq").asLong();
            if (!line.has("redacted")) {
                byte[] canonical = canonical(line);
                line.put("canonical", Base64.getEncoder().encodeToString(canonical)).put("leafHash", HEX.formatHex(ChainHashes.leaf(canonical)));
            }
            byte[] link = ChainHashes.link(previous, HEX.parseHex(line.get("leafHash").asString()), seq);
            line.put("prevLink", HEX.formatHex(previous)).put("linkHash", HEX.formatHex(link));
            previous = link;
        }
        return lines;
    }

    /** The RFC 8785 bytes of seq, at, tenant, actor, action, subject and details. */
    static byte[] canonical(ObjectNode line) {
        Map<String, Object> hashed = new LinkedHashMap<>();
        hashed.put("seq", line.get("seq").asLong());
        for (String field : List.of("at", "tenant", "actor", "action", "subject")) {
            hashed.put(field, line.get(field).asString());
        }
        hashed.put("details", line.get("details"));
        return Jcs.canonicalize(hashed);
    }

    /** The line as a reader of another tenant gets it. */
    static ObjectNode redacted(ObjectNode line) {
        ObjectNode redacted = JSON.createObjectNode().put("seq", line.get("seq").asLong()).put("redacted", true);
        for (String field : List.of("leafHash", "prevLink", "linkHash")) {
            redacted.put(field, line.get(field).asString());
        }
        return redacted;
    }

    /** A checkpoint of the first {@code size} entries (seq 1 must be the first line), signed by this signer. */
    static String checkpoint(List<ObjectNode> lines, long size, CheckpointSigner signer) {
        ObjectNode head = lines.stream().filter(line -> line.get("seq").asLong() == size).findFirst().orElseThrow();
        byte[] headHash = HEX.parseHex(head.get("linkHash").asString());
        return signer.sign(new Checkpoint(ORIGIN, size, headHash, Instant.parse("2026-11-24T18:01:00Z")));
    }

    static String ndjson(List<ObjectNode> lines) {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(JSON.writeValueAsString(line)).append('\n'));
        return text.toString();
    }

    static BufferedReader reader(List<ObjectNode> lines) {
        return new BufferedReader(new StringReader(ndjson(lines)));
    }

    static List<ObjectNode> copy(List<ObjectNode> lines) {
        return new ArrayList<>(lines.stream().map(ObjectNode::deepCopy).toList());
    }
}

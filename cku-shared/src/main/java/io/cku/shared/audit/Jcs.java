package io.cku.shared.audit;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * RFC 8785 JSON Canonicalization Scheme: the exact bytes the audit log hashes for an entry.
 * Members sorted by the UTF-16 code units of their names, no white space, only the mandatory string
 * escapes, every number as an IEEE-754 double written the way ECMAScript writes it.
 */
public final class Jcs {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Jcs() {
    }

    /**
     * The canonical UTF-8 bytes of {@code value}: a {@code Map} with {@code String} keys, a {@code List}, a
     * {@code String}, a {@code Number} (taken as a double), a {@code Boolean}, {@code null} or a Jackson
     * {@code JsonNode}, nested freely. Pass a Java string as {@code (Object) text} to canonicalize it as a JSON
     * string rather than parse it.
     *
     * @throws IllegalArgumentException for other types, non-string keys, NaN, infinities and lone surrogates
     */
    public static byte[] canonicalize(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return utf8(out);
    }

    /**
     * The canonical UTF-8 bytes of the I-JSON document {@code jsonText}, its numbers read as doubles.
     *
     * @throws IllegalArgumentException if the text is not one JSON value, repeats a member name or holds a
     *         number no double can hold
     */
    public static byte[] canonicalize(String jsonText) {
        if (jsonText == null) {
            throw new IllegalArgumentException("no JSON text to canonicalize");
        }
        try {
            return canonicalize((Object) MAPPER.readValue(jsonText, Object.class));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not an I-JSON text: " + e.getOriginalMessage(), e);
        }
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof String text) {
            writeString(text, out);
        } else if (value instanceof Number number) {
            out.append(EcmaNumber.format(number.doubleValue()));
        } else if (value instanceof Map<?, ?> members) {
            writeObject(members, out);
        } else if (value instanceof List<?> elements) {
            writeArray(elements, out);
        } else if (value instanceof JsonNode node) {
            writeNode(node, out);
        } else {
            throw new IllegalArgumentException("no JSON form for a " + value.getClass().getName());
        }
    }

    /** A tree written as it stands, as the same tree read back into maps and lists would be (numbers as doubles). */
    private static void writeNode(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            Map<String, Object> members = new TreeMap<>();
            node.properties().forEach(member -> members.put(member.getKey(), member.getValue()));
            writeObject(members, out);
        } else if (node.isArray()) {
            writeArray(node, out);
        } else if (node.isString()) {
            writeString(node.asString(), out);
        } else if (node.isNumber()) {
            out.append(EcmaNumber.format(node.doubleValue()));
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else if (node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else {
            write(MAPPER.treeToValue(node, Object.class), out); // binary and POJO nodes: as Jackson reads them
        }
    }

    private static void writeObject(Map<?, ?> members, StringBuilder out) {
        // String.compareTo orders by UTF-16 code units, which is exactly RFC 8785 §3.2.3.
        Map<String, Object> sorted = new TreeMap<>();
        members.forEach((name, value) -> sorted.put(memberName(name), value));

        out.append('{');
        String separator = "";
        for (Map.Entry<String, Object> member : sorted.entrySet()) {
            out.append(separator);
            writeString(member.getKey(), out);
            out.append(':');
            write(member.getValue(), out);
            separator = ",";
        }
        out.append('}');
    }

    private static String memberName(Object name) {
        if (name instanceof String text) {
            return text;
        }
        throw new IllegalArgumentException("JSON member names are strings, not " + name);
    }

    private static void writeArray(Iterable<?> elements, StringBuilder out) {
        out.append('[');
        String separator = "";
        for (Object element : elements) {
            out.append(separator);
            write(element, out);
            separator = ",";
        }
        out.append(']');
    }

    private static void writeString(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            writeChar(text.charAt(i), out);
        }
        out.append('"');
    }

    /** RFC 8785 §3.2.2.2: the two-character escapes, \\u00xx for other controls, everything else as is. */
    private static void writeChar(char c, StringBuilder out) {
        switch (c) {
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            case '\b' -> out.append("\\b");
            case '\f' -> out.append("\\f");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> {
                if (c < 0x20) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
        }
    }

    private static byte[] utf8(CharSequence text) {
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(text));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("RFC 8785 needs well-formed Unicode; a string holds a lone surrogate", e);
        }
    }
}

package io.cku.governance.evidence;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

import io.cku.shared.InvalidRequest;

/** One report from {@code evidence.attachments}, decoded to bytes; {@code field} names its content for error messages. */
record Attachment(Type type, String field, byte[] content) {

    static final int MAX_BYTES = 5 * 1024 * 1024;

    private static final int MAX_BASE64_CHARS = (MAX_BYTES + 2) / 3 * 4;

    private static final String HOW_TO_ATTACH =
            "put the report text here, or its base64 with \"encoding\": \"base64\"";

    /** The kinds of report understood, by their wire name. */
    enum Type {
        JACOCO, SARIF;

        static Type named(Object name, String field) {
            if (name == null) {
                throw InvalidRequest.of(field, "missing; expected \"jacoco\" or \"sarif\"");
            }
            for (Type type : values()) {
                if (type.name().toLowerCase(Locale.ROOT).equals(name)) {
                    return type;
                }
            }
            throw InvalidRequest.of(field, "unknown report type \"" + name + "\"; expected \"jacoco\" or \"sarif\"");
        }
    }

    /** Checks one element of the list as JSON gave it and decodes its content. */
    static Attachment from(Object element, String field) {
        if (!(element instanceof Map<?, ?> attachment)) {
            throw InvalidRequest.of(field, "must be an object with \"type\" and \"content\"");
        }
        Type type = Type.named(attachment.get("type"), field + ".type");
        Object name = attachment.get("name");
        if (name != null && !(name instanceof String)) {
            throw InvalidRequest.of(field + ".name", "must be a string naming the report, such as \"jacoco.xml\"");
        }

        byte[] content = decode(attachment.get("content"), attachment.get("encoding"), field);
        return new Attachment(type, field + ".content", content);
    }

    private static byte[] decode(Object content, Object encoding, String field) {
        String contentField = field + ".content";
        if (content == null) {
            throw InvalidRequest.of(contentField, "missing; " + HOW_TO_ATTACH);
        }
        if (!(content instanceof String text) || text.isBlank()) {
            throw InvalidRequest.of(contentField, "must be a non-empty string; " + HOW_TO_ATTACH);
        }

        if (encoding == null) {
            return plain(text, contentField);
        }
        if ("base64".equals(encoding)) {
            return base64(text, contentField);
        }
        throw InvalidRequest.of(field + ".encoding",
                "unknown encoding \"" + encoding + "\"; leave it out for plain text or use \"base64\"");
    }

    private static byte[] plain(String text, String field) {
        // A UTF-8 byte is at least one char, so the char count rules out most oversize reports before copying.
        byte[] bytes = text.length() > MAX_BYTES ? null : text.getBytes(StandardCharsets.UTF_8);
        if (bytes == null || bytes.length > MAX_BYTES) {
            throw tooLarge(field);
        }
        return bytes;
    }

    private static byte[] base64(String text, String field) {
        String compact = text.replaceAll("\\s", "");
        if (compact.length() > MAX_BASE64_CHARS) {
            throw tooLarge(field);
        }

        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            throw InvalidRequest.of(field, "not valid base64 (" + e.getMessage() + "); encode the report with standard base64");
        }
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(field);
        }
        return bytes;
    }

    private static InvalidRequest tooLarge(String field) {
        return InvalidRequest.of(field, "report is larger than the 5 MB limit; attach a smaller report");
    }
}

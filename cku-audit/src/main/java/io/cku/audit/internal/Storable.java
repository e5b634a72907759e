package io.cku.audit.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cku.audit.AuditRecord;
import io.cku.shared.Actor;
import tools.jackson.databind.JsonNode;

/**
 * PostgreSQL text and jsonb cannot hold U+0000, and RFC 8785 cannot hash a lone UTF-16 surrogate; a refused login may well
 * carry either. Both are recorded as U+FFFD, before hashing, so the stored columns and the hashed bytes agree. Values
 * with no JSON form of their own (an enum, an instant, an id) are recorded as their text.
 */
final class Storable {

    private Storable() {
    }

    static AuditRecord of(AuditRecord record) {
        Actor actor = record.actor();
        Actor clean = new Actor(actor.kind(), text(actor.name()), actor.tenant());
        return new AuditRecord(clean, text(record.action()), text(record.subject()), map(record.details()));
    }

    private static Map<String, Object> map(Map<?, ?> values) {
        Map<String, Object> clean = new LinkedHashMap<>();
        values.forEach((key, value) -> clean.put(text(String.valueOf(key)), value(value)));
        return clean;
    }

    private static Object value(Object value) {
        if (value instanceof String text) {
            return text(text);
        }
        if (value instanceof Map<?, ?> map) {
            return map(map);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Storable::value).toList();
        }
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof JsonNode) {
            return value;
        }
        return text(String.valueOf(value)); // an enum, an instant, an id: as JSON would write them, a string
    }

    private static String text(String value) {
        StringBuilder clean = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
            boolean unstorable = c == '\u0000' || (Character.isSurrogate(c) && !pair);
            if (unstorable && clean == null) {
                clean = new StringBuilder(value.length()).append(value, 0, i);
            }
            if (clean != null) {
                clean.append(unstorable ? '\uFFFD' : c);
                if (pair) {
                    clean.append(value.charAt(++i));
                }
            } else if (pair) {
                i++;
            }
        }
        return clean == null ? value : clean.toString();
    }
}

package io.cku.audit.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cku.audit.AuditRecord;
import io.cku.shared.Actor;

/**
 * PostgreSQL text and jsonb cannot hold U+0000, and a refused login may well carry one: it is recorded as U+FFFD, before
 * hashing, so the stored columns and the hashed bytes agree.
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
        return value;
    }

    private static String text(String value) {
        return value.indexOf('\u0000') < 0 ? value : value.replace('\u0000', '\uFFFD');
    }
}

package io.cku.audit;

import java.util.Map;
import java.util.Objects;

import io.cku.shared.Actor;

/**
 * A state change to record: who did what to which subject, with details (JSON values).
 *
 * @param action what happened, such as {@code run.submitted} or {@code user.created}
 * @param subject what it happened to, such as a run id or a username
 */
public record AuditRecord(Actor actor, String action, String subject, Map<String, Object> details) {

    public AuditRecord {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        subject = subject == null ? "" : subject;
        details = details == null ? Map.of() : details;
    }
}

package io.cku.learning.internal;

import java.time.Instant;
import java.util.Map;

import org.hibernate.annotations.ColumnTransformer;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.cku.shared.api.PatternView;

/**
 * Something the learner found in a tenant's outcomes, for people to read: a key that is unreliable, a key whose transient
 * failures succeed on a later attempt, a gate that pauses most runs and is always approved. It is detected once, seen again
 * while it holds, and resolved when it no longer does (and detected anew if it comes back). The learner of every instance
 * may update it, so it carries a version.
 */
@Entity
@Table(name = "learning_patterns")
class LearnedPattern {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String tenant;
    private String kind;
    private String subject;
    private String summary;
    @Convert(converter = JsonColumn.class)
    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    private Map<String, Object> details;
    private Instant firstDetectedAt;
    private Instant lastSeenAt;
    private Instant resolvedAt;
    @Version
    private Long version;

    protected LearnedPattern() {
    }

    LearnedPattern(String tenant, Patterns.Found found, Instant at) {
        this.tenant = tenant;
        this.kind = found.kind();
        this.subject = found.subject();
        this.summary = found.summary();
        this.details = Map.copyOf(found.details());
        this.firstDetectedAt = at;
        this.lastSeenAt = at;
    }

    String kind() {
        return kind;
    }

    String subject() {
        return subject;
    }

    boolean resolved() {
        return resolvedAt != null;
    }

    /**
     * The pattern holds now, as {@code found} describes it. Returns whether it was detected anew (it had been resolved); its
     * figures and the time it was last seen are updated only when they changed or a minute passed, so a pattern that holds
     * costs no write a second.
     */
    boolean seen(Patterns.Found found, Instant at) {
        boolean again = resolvedAt != null;
        if (again) {
            resolvedAt = null;
            firstDetectedAt = at;
        }
        if (again || !found.summary().equals(summary) || !found.details().equals(details)
                || lastSeenAt.plusSeconds(60).isBefore(at)) {
            summary = found.summary();
            details = Map.copyOf(found.details());
            lastSeenAt = at;
        }
        return again;
    }

    /** It no longer holds. */
    void resolve(Instant at) {
        resolvedAt = at;
    }

    PatternView view() {
        return new PatternView(id, kind, subject, summary, details, firstDetectedAt, lastSeenAt, resolvedAt);
    }
}

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

import io.cku.shared.api.LearnedChangeView;

/**
 * One change the policy learner made to a tenant's policy, or found a person made to its rules: a learned rule added,
 * withdrawn, or removed by a person. Written once; the learner's memory of what it published.
 */
@Entity
@Table(name = "learning_changes")
class LearnedChange {

    static final String RULE_ADDED = "rule-added";
    static final String RULE_WITHDRAWN = "rule-withdrawn";
    static final String RULE_REMOVED_BY_PERSON = "rule-removed-by-person";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String tenant;
    private String kind;
    private String skill;
    private String target;
    private Integer policyVersion;
    @Convert(converter = JsonColumn.class)
    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    private Map<String, Object> explanation;
    private Instant createdAt;
    @Version
    private Long version;

    protected LearnedChange() {
    }

    LearnedChange(String tenant, String kind, PolicyLearner.Key key, Integer policyVersion, Map<String, Object> explanation, Instant at) {
        this.tenant = tenant;
        this.kind = kind;
        this.skill = key.skill();
        this.target = key.target();
        this.policyVersion = policyVersion;
        this.explanation = Map.copyOf(explanation);
        this.createdAt = at;
    }

    PolicyLearner.Key key() {
        return new PolicyLearner.Key(skill, target);
    }

    String kind() {
        return kind;
    }

    Integer policyVersion() {
        return policyVersion;
    }

    /** Whether the version that added the rule was activated when it was published (not a proposal). */
    boolean activated() {
        return Boolean.TRUE.equals(explanation.get("activated"));
    }

    Instant createdAt() {
        return createdAt;
    }

    LearnedChangeView view() {
        return new LearnedChangeView(id, kind, skill, target, policyVersion, explanation, createdAt);
    }
}

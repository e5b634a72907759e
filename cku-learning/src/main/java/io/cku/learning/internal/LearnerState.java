package io.cku.learning.internal;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * The policy learner's state of one tenant: whether a person froze it (and who, why, when) and when it last looked at the
 * tenant's policy. Changed by administrators and by the learner of every instance, so it carries a version: a change made
 * on a copy someone else changed meanwhile fails instead of overwriting theirs.
 */
@Entity
@Table(name = "learning_tenants")
class LearnerState {

    @Id
    private String tenant;
    private boolean frozen;
    private String frozenBy;
    private String frozenReason;
    private Instant frozenAt;
    private Instant lastConsideredAt;
    @Version
    private Long version;

    protected LearnerState() {
    }

    LearnerState(String tenant) {
        this.tenant = tenant;
    }

    boolean frozen() {
        return frozen;
    }

    String frozenBy() {
        return frozenBy;
    }

    String frozenReason() {
        return frozenReason;
    }

    Instant frozenAt() {
        return frozenAt;
    }

    /** Stops publishing; a second freeze says who froze it last and why. */
    void freeze(String by, String reason, Instant at) {
        frozen = true;
        frozenBy = by;
        frozenReason = reason;
        frozenAt = at;
    }

    /** Lets the learner publish again; whether it was frozen. */
    boolean unfreeze() {
        boolean was = frozen;
        frozen = false;
        frozenBy = null;
        frozenReason = null;
        frozenAt = null;
        return was;
    }

    /** The learner looked at the tenant's policy. */
    void considered(Instant at) {
        lastConsideredAt = at;
    }

    Instant lastConsideredAt() {
        return lastConsideredAt;
    }

}

package io.cku.learning;

import java.util.List;
import java.util.Optional;

import io.cku.shared.Actor;
import io.cku.shared.TenantId;
import io.cku.shared.api.LearnedChangeView;
import io.cku.shared.api.PatternView;
import io.cku.shared.api.ReliabilityView;

/** The learning loop: outcomes in, reliability and learned policy changes out. */
public interface Learning {

    /**
     * Records a finished run's outcome in the caller's transaction (the one that ends the run), once: a second record of the
     * same run changes nothing. The learner folds it in moments later, off the request and worker paths.
     */
    void record(Outcome outcome);

    /** The tenant's keys with their reliability now, filtered by whichever of skill, target and mode are given. */
    List<ReliabilityView> reliability(TenantId tenant, Optional<String> skill, Optional<String> target, Optional<String> mode);

    /** What the policy learner changed in the tenant's policy, newest first. */
    List<LearnedChangeView> changes(TenantId tenant, int limit);

    /** The patterns found in the tenant's outcomes that hold now, or every one ever found with {@code resolvedToo}. */
    List<PatternView> patterns(TenantId tenant, boolean resolvedToo);

    /**
     * A gate stopped pausing a run, in the caller's transaction: people approved it, or the run ended while it waited
     * (refused, expired, cancelled). What the report of gates that pause most runs and are always approved counts.
     */
    void pauseEnded(java.util.UUID runId, TenantId tenant, String gate, boolean approved, java.time.Instant at);

    /**
     * What the learning loop knows of the skill on the target in the tenant, over every mode; empty until it has
     * {@code min-observations} attempts. Cached for a moment (gates ask for every run).
     */
    Optional<Known> known(TenantId tenant, String skill, String target);

    /**
     * A key's reliability as the OPERATIONS gate weighs it.
     *
     * @param riskPoints what the key adds to a plan's risk score: {@code floor(cku.learning.risk-weight * (1 - score))}
     */
    record Known(String skill, String target, double score, double lowerBound, long observations, int riskPoints) {
    }

    /**
     * A person changed the tenant's policy (published or activated a version): the policy learner looks at it at once, so
     * that a learned rule taken away counts as taken away from that moment.
     */
    void policyChanged(TenantId tenant);

    /**
     * The attempts a step on the skill and target should get when it asks for no retry of its own: one more than the
     * attempt on which such steps usually succeeded after transient failures, at most {@code cku.learning.max-learned-attempts};
     * empty until at least {@code min-observations} steps recovered. Cached for a moment.
     */
    java.util.OptionalInt learnedAttempts(TenantId tenant, String skill, String target);

    /** Stops the policy learner publishing for the tenant (reliability is still learned); audited. */
    void freeze(Actor by, String reason);

    /** Lets the policy learner publish for the tenant again; audited. */
    void unfreeze(Actor by, String reason);

    /** Whether the tenant's learner is frozen. */
    boolean frozen(TenantId tenant);

    /**
     * Takes a run's observations out of the reliability model (a flaky environment, a test gone wrong): its keys are
     * recomputed and the policy learner looks at them again, which may withdraw a learned rule; audited.
     *
     * @throws OutcomeNotFound when the caller's tenant has no outcome for the run
     * @return the keys whose reliability changed, as they are now
     */
    List<ReliabilityView> invalidate(Actor by, java.util.UUID runId, String reason);

    /** No finished run of that id in the tenant. */
    class OutcomeNotFound extends RuntimeException {

        public OutcomeNotFound(java.util.UUID runId) {
            super("no finished run " + runId + " in your tenant: the learning loop has no outcome for it");
        }
    }

    /** Folds every pending outcome in and lets the policy learner act on it; returns how many outcomes were folded in. */
    int learnNow();
}

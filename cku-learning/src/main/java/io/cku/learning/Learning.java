package io.cku.learning;

import java.util.List;
import java.util.Optional;

import io.cku.shared.TenantId;
import io.cku.shared.api.LearnedChangeView;
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

    /**
     * A person changed the tenant's policy (published or activated a version): the policy learner looks at it at once, so
     * that a learned rule taken away counts as taken away from that moment.
     */
    void policyChanged(TenantId tenant);

    /** Folds every pending outcome in and lets the policy learner act on it; returns how many outcomes were folded in. */
    int learnNow();
}

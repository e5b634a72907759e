package io.cku.governance;

import java.util.Optional;

import io.cku.shared.TenantId;

/** What the learning loop knows of how a skill fares on a target: the OPERATIONS gate adds risk for the unreliable ones. */
public interface LearnedReliability {

    /** Nothing is known of any key (learning absent). */
    LearnedReliability NONE = (tenant, skill, target) -> Optional.empty();

    /** The skill on the target in the tenant; empty while too little is known to judge it. */
    Optional<Known> of(TenantId tenant, String skill, String target);

    /**
     * A key as judged from its outcomes.
     *
     * @param score the success rate the model expects (0..1)
     * @param observations the attempts it was judged from
     * @param riskPoints what the key adds to a plan's operational risk score
     */
    record Known(double score, long observations, int riskPoints) {
    }
}

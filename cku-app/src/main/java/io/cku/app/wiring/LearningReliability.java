package io.cku.app.wiring;

import java.util.Optional;

import org.springframework.stereotype.Component;

import io.cku.governance.LearnedReliability;
import io.cku.learning.Learning;
import io.cku.shared.TenantId;

/** The OPERATIONS gate's view of the learning loop: how reliable each skill and target of a plan has been. */
@Component
class LearningReliability implements LearnedReliability {

    private final Learning learning;

    LearningReliability(Learning learning) {
        this.learning = learning;
    }

    @Override
    public Optional<Known> of(TenantId tenant, String skill, String target) {
        return learning.known(tenant, skill, target).map(known -> new Known(known.score(), known.observations(), known.riskPoints()));
    }
}

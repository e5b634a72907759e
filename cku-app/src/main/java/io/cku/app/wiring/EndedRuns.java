package io.cku.app.wiring;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import io.cku.orchestrator.RunChanged;
import io.cku.skillengine.SkillEngine;

/**
 * Once a run has ended for good, the skills drop what they kept to undo its steps (file.write's previous contents): a run in
 * a terminal state is never rolled back again.
 */
@Component
class EndedRuns {

    private final SkillEngine skills;

    EndedRuns(SkillEngine skills) {
        this.skills = skills;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(RunChanged event) {
        boolean endedNow = event.after().status().isTerminal() && (event.before() == null || !event.before().status().isTerminal());
        if (endedNow) {
            skills.forget(event.after().id().value());
        }
    }
}

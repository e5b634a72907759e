package io.cku.app.wiring;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import io.cku.learning.Learning;
import io.cku.learning.Observation;
import io.cku.learning.Outcome;
import io.cku.learning.OutcomeKind;
import io.cku.orchestrator.Attempt;
import io.cku.orchestrator.Run;
import io.cku.orchestrator.RunChanged;
import io.cku.orchestrator.RunStatus;
import io.cku.orchestrator.Step;
import io.cku.policy.PolicyChanged;
import io.cku.skillengine.SkillEngine;

/**
 * What the learning loop hears of: when a run ends, its outcome, recorded in the same transaction (if the run's end
 * commits, so does its outcome, once); when a gate stops pausing a run, whether people approved it; and a person's change
 * to a tenant's policy.
 */
@Component
class LearningOutcomes {

    private final Learning learning;
    private final SkillEngine skills;

    LearningOutcomes(Learning learning, SkillEngine skills) {
        this.learning = learning;
        this.skills = skills;
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void on(RunChanged change) {
        Run run = change.after();
        Run before = change.before();
        if (before != null && before.status() == RunStatus.AWAITING_APPROVAL && run.status() != RunStatus.AWAITING_APPROVAL) {
            before.waitingGate().ifPresent(gate -> learning.pauseEnded(run.id().value(), run.tenant(), gate.gate(),
                    run.status() == RunStatus.GATING || run.status() == RunStatus.RUNNING, run.updatedAt()));
        }
        boolean endedNow = run.status().isTerminal() && (change.before() == null || !change.before().status().isTerminal());
        if (endedNow) {
            learning.record(new Outcome(run.id().value(), run.tenant(), run.mode().wireName(), kind(run), run.updatedAt(),
                    observations(run)));
        }
    }

    /** A person's policy change is looked at by the policy learner at once (the learner's own are not). */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(PolicyChanged change) {
        if (!change.actor().qualifiedName().equals(io.cku.shared.api.PolicyView.LEARNING_AUTHOR)) {
            learning.policyChanged(change.actor().tenant());
        }
    }

    /** How the run ended: a rejection is a failure when a gate decided it, a person's when an approval was refused or expired. */
    static OutcomeKind kind(Run run) {
        return switch (run.status()) {
            case SUCCEEDED -> OutcomeKind.SUCCESS;
            case PARTIAL -> OutcomeKind.PARTIAL;
            case FAILED, ROLLED_BACK -> OutcomeKind.FAILURE;
            case CANCELLED -> OutcomeKind.CANCELLED;
            case REJECTED -> run.outcome() != null && run.outcome().toLowerCase(Locale.ROOT).startsWith("rejected by gate")
                    ? OutcomeKind.FAILURE : OutcomeKind.REJECTED_BY_HUMAN;
            case PENDING, GATING, AWAITING_APPROVAL, RUNNING, HEALING, AWAITING_DECISION ->
                    throw new IllegalArgumentException("run " + run.id() + " has not ended: " + run.status());
        };
    }

    /** Every attempt of every step (checkpoints are people's, not a skill's, and are left out). */
    private List<Observation> observations(Run run) {
        List<Observation> observations = new ArrayList<>();
        for (Step step : run.steps()) {
            if (skills.find(step.skill()).map(skill -> skill.checkpoint()).orElse(false)) {
                continue;
            }
            String target = StepTargets.of(skills, step.skill(), step.params());
            for (Attempt attempt : step.attemptLog()) {
                observations.add(new Observation(step.skill(), target, attempt.number(), attempt.succeeded(),
                        attempt.classification() == null ? null : attempt.classification().name().toLowerCase(Locale.ROOT)));
            }
        }
        return observations;
    }
}

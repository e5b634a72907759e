package io.cku.app.wiring;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.cku.healing.CircuitBreakers;
import io.cku.healing.CircuitKey;
import io.cku.healing.FailedAttempt;
import io.cku.healing.HealingEngine;
import io.cku.healing.HealingPlan;
import io.cku.healing.HealingProperties;
import io.cku.healing.RetryPolicy;
import io.cku.orchestrator.Attempt;
import io.cku.orchestrator.Decision;
import io.cku.orchestrator.Healing;
import io.cku.orchestrator.Run;
import io.cku.orchestrator.Step;
import io.cku.orchestrator.StepHealing;
import io.cku.shared.FailureClass;
import io.cku.shared.Mode;
import io.cku.shared.api.RetrySpec;

/** Lets the orchestrator ask the healing engine about failures, and count attempts against their circuits. */
@Component
class HealingSteps implements StepHealing {

    private final HealingEngine engine;
    private final HealingProperties properties;
    private final CircuitBreakers circuits;

    HealingSteps(HealingProperties properties, CircuitBreakers circuits) {
        this.engine = new HealingEngine(properties);
        this.properties = properties;
        this.circuits = circuits;
    }

    @Override
    public List<String> validateRetry(String skill, Mode mode, RetrySpec requested) {
        List<String> problems = new ArrayList<>(RetryPolicy.problems(requested));
        if (problems.isEmpty() && requested != null && skill != null) {
            try {
                engine.policyFor(skill, mode, requested);
            } catch (IllegalArgumentException e) {
                problems.add("does not fit the defaults of skill " + skill + " in " + mode.wireName() + ": " + e.getMessage());
            }
        }
        return problems;
    }

    @Override
    public RetrySpec retryPolicy(String skill, Mode mode, RetrySpec requested) {
        return engine.policyFor(skill, mode, requested).toSpec();
    }

    @Override
    public FailureClass classify(String skill, String errorType, FailureClass skillSaid) {
        return engine.classify(skill, errorType, skillSaid);
    }

    @Override
    public Healing afterFailure(Run run, Step step, Attempt failed, Instant now) {
        RetryPolicy policy = properties.defaultPolicy().with(step.retry());
        HealingPlan plan = engine.afterFailure(new FailedAttempt(step.skill(), step.optional(), engine.decides(run.mode()), policy,
                Math.max(1, step.attemptsInWindow()), step.windowStart() == null ? now : step.windowStart(), failed.classification(),
                failed.errorType(), run.anythingToUndo(), now));
        if (plan instanceof HealingPlan.Retry retry) {
            return Healing.retry(retry.at(), retry.delayMs(), retry.reason());
        }
        if (plan instanceof HealingPlan.Skip) {
            return Healing.of(Healing.Action.SKIP, plan.reason());
        }
        if (plan instanceof HealingPlan.Rollback) {
            return Healing.of(Healing.Action.ROLLBACK, plan.reason());
        }
        if (plan instanceof HealingPlan.AwaitDecision decision) {
            return Healing.awaitDecision(Decision.fromWireName(decision.recommendation()).orElse(Decision.ABORT), decision.reason());
        }
        return Healing.of(Healing.Action.FAIL, plan.reason());
    }

    /** Steps that act on nothing outside the service (an empty target) have no circuit. */
    @Override
    public Optional<Instant> circuitOpenUntil(String skill, String target, Instant now) {
        return target.isEmpty() ? Optional.empty() : circuits.openUntil(new CircuitKey(skill, target), now);
    }

    @Override
    public void attemptEnded(String skill, String target, FailureClass failure, Instant now) {
        if (!target.isEmpty()) {
            circuits.record(new CircuitKey(skill, target), failure, now);
        }
    }
}

package io.cku.app.wiring;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.springframework.stereotype.Component;

import io.cku.healing.CircuitBreakers;
import io.cku.healing.CircuitKey;
import io.cku.healing.FailedAttempt;
import io.cku.healing.HealingEngine;
import io.cku.healing.HealingPlan;
import io.cku.healing.HealingProperties;
import io.cku.healing.RetryPolicy;
import io.cku.learning.Learning;
import io.cku.orchestrator.Attempt;
import io.cku.orchestrator.Decision;
import io.cku.orchestrator.Healing;
import io.cku.orchestrator.Run;
import io.cku.orchestrator.Step;
import io.cku.orchestrator.StepHealing;
import io.cku.shared.FailureClass;
import io.cku.shared.Mode;
import io.cku.shared.TenantId;
import io.cku.shared.api.RetrySpec;
import io.cku.skillengine.SkillEngine;

/** Lets the orchestrator ask the healing engine about failures, and count attempts against their circuits. */
@Component
class HealingSteps implements StepHealing {

    private static final String CIRCUIT_OPEN = "circuit-open";

    private final HealingEngine engine;
    private final HealingProperties properties;
    private final CircuitBreakers circuits;
    private final Learning learning;
    private final SkillEngine skills;

    HealingSteps(HealingProperties properties, CircuitBreakers circuits, Learning learning, SkillEngine skills) {
        this.learning = learning;
        this.skills = skills;
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

    /** A step that asks for no retry of its own gets more attempts when the learning loop learned that its target needs them. */
    @Override
    public RetrySpec retryPolicy(TenantId tenant, String skill, Map<String, Object> params, Mode mode, RetrySpec requested) {
        RetrySpec policy = engine.policyFor(skill, mode, requested).toSpec();
        if (requested != null) {
            return policy;
        }
        OptionalInt learned = learning.learnedAttempts(tenant, skill, StepTargets.of(skills, skill, params));
        return learned.isPresent() && learned.getAsInt() > policy.maxAttempts() ? policy.learned(learned.getAsInt()) : policy;
    }

    @Override
    public FailureClass classify(String skill, String errorType, FailureClass skillSaid) {
        return engine.classify(skill, errorType, skillSaid);
    }

    /** Attempts that failed fast on an open circuit do not count against the step's attempts; its time budget still holds. */
    @Override
    public Healing afterFailure(Run run, Step step, Attempt failed, boolean idempotent, Instant notBefore, Instant now) {
        RetryPolicy policy = properties.defaultPolicy().with(step.retry());
        long counted = step.attemptLog().stream().filter(a -> a.number() > step.retryBase() && !CIRCUIT_OPEN.equals(a.errorType())).count()
                + (CIRCUIT_OPEN.equals(failed.errorType()) ? 0 : 1);
        HealingPlan plan = engine.afterFailure(new FailedAttempt(step.skill(), step.optional(), engine.decides(run.mode()), policy,
                (int) Math.max(1, counted), step.windowStart() == null ? now : step.windowStart(), failed.classification(),
                failed.errorType(), run.anythingToUndo(), now, idempotent, notBefore));
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
    public Optional<Instant> circuitOpenUntil(TenantId tenant, String skill, String target, Instant now) {
        return target.isEmpty() ? Optional.empty() : circuits.openUntil(new CircuitKey(tenant.value(), skill, target), now);
    }

    /**
     * Counts what the target's state shows: a success or an HTTP answer (the target works) closes the circuit, a transient
     * failure counts towards opening it; a failure that never reached the target (refused, cancelled, invalid) counts for
     * nothing.
     */
    @Override
    public void attemptEnded(TenantId tenant, String skill, String target, FailureClass failure, String errorType, Instant now) {
        if (target.isEmpty()) {
            return;
        }
        boolean answered = failure == FailureClass.PERMANENT && errorType != null && errorType.startsWith("http-");
        if (failure == null || failure == FailureClass.TRANSIENT || answered) {
            circuits.record(new CircuitKey(tenant.value(), skill, target), failure, now);
        }
    }
}

package io.cku.orchestrator;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.cku.shared.FailureClass;
import io.cku.shared.Mode;
import io.cku.shared.TenantId;
import io.cku.shared.api.RetrySpec;

/** The port through which the orchestrator asks the healing engine what to do about failures. */
public interface StepHealing {

    /**
     * What is wrong with a step's requested retry policy, alone or laid over the defaults of its skill (null when unknown) and
     * mode; one message a problem, each naming its field.
     */
    List<String> validateRetry(String skill, Mode mode, RetrySpec requested);

    /**
     * The complete retry policy of a step: what it asks for, the defaults of its skill and the run's mode filling the rest;
     * a step that asks for none may get the attempts the learning loop learned for its tenant, skill and target.
     */
    RetrySpec retryPolicy(TenantId tenant, String skill, Map<String, Object> params, Mode mode, RetrySpec requested);

    /** Whether a failed attempt could succeed if tried again; the skill's own word wins, else the configured defaults. */
    FailureClass classify(String skill, String errorType, FailureClass skillSaid);

    /**
     * What follows a failed attempt of the run's current step (the attempt is not yet recorded on the step).
     *
     * @param idempotent whether the step may run twice; when not, only a failure that shows its work was not done is retried
     * @param notBefore no retry before this (the end of an open circuit's cool-down); null when nothing holds it back
     */
    Healing afterFailure(Run run, Step step, Attempt failed, boolean idempotent, Instant notBefore, Instant now);

    /** Until when the tenant's circuit of this skill and target is open; empty when this attempt may go through. */
    Optional<Instant> circuitOpenUntil(TenantId tenant, String skill, String target, Instant now);

    /** Counts an attempt's outcome against its circuit: {@code failure} is null for a success. */
    void attemptEnded(TenantId tenant, String skill, String target, FailureClass failure, String errorType, Instant now);
}

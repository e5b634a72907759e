package io.cku.governance;

import java.time.Instant;
import java.util.UUID;

import io.cku.shared.Actor;

/** Something people or the deadline decided about a paused gate: published for the audit log and for notifications. */
public sealed interface ApprovalEvent {

    UUID runId();

    Actor actor();

    Instant at();

    /** An approver approved or refused a paused gate ({@code counted} is false for a repeated vote). */
    record ApprovalDecided(UUID runId, Actor actor, GateName gate, boolean approved, boolean counted, String reason, Instant at)
            implements ApprovalEvent {
    }

    /** An approver approved or refused a checkpoint step of the plan ({@code counted} is false for a repeated vote). */
    record StepApprovalDecided(UUID runId, Actor actor, String step, boolean approved, boolean counted, String reason, Instant at)
            implements ApprovalEvent {
    }

    /** A pause outlived its deadline and was escalated once: it now waits until {@code newDeadline}. */
    record ApprovalEscalated(UUID runId, Actor actor, String gate, Instant newDeadline, Instant at) implements ApprovalEvent {
    }

    /** A pause outlived its deadline: the run was rejected by the service. */
    record ApprovalExpired(UUID runId, Actor actor, String gate, Instant at) implements ApprovalEvent {
    }
}

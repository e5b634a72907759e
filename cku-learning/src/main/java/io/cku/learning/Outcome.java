package io.cku.learning;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import io.cku.shared.TenantId;

/** A finished run as the learning loop records it: how it ended and every step attempt it made. */
public record Outcome(UUID runId, TenantId tenant, String mode, OutcomeKind kind, Instant finishedAt, List<Observation> observations) {

    public Outcome {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(finishedAt, "finishedAt");
        observations = List.copyOf(observations);
    }
}

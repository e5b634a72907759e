package io.cku.orchestrator;

import java.util.List;
import java.util.Optional;

import io.cku.shared.Actor;
import io.cku.shared.TenantId;
import io.cku.shared.api.RunRequest;

/** Submitting, reading, listing and cancelling runs. */
public interface RunManagement {

    /**
     * Validates and stores a run as PENDING in the submitter's tenant, to be executed by a worker. With an idempotency key, a repeated
     * request returns the run it created before; a different body under the same key throws {@link IdempotencyConflict}.
     */
    Submission submit(Actor submitter, RunRequest request, Optional<String> idempotencyKey);

    /** The tenant's run with this id; throws {@link RunNotFound}, also for another tenant's run. */
    Run get(TenantId tenant, RunId id);

    /** The tenant's runs newest first, optionally of one status, continuing after {@code cursor}. */
    RunListing list(TenantId tenant, Optional<RunStatus> status, Optional<String> cursor, int limit);

    /** Cancels a run of the actor's tenant that has not ended; throws {@link IllegalTransition} when it has. */
    Run cancel(Actor by, RunId id);

    /** A stored run, and whether this request created it. */
    record Submission(Run run, boolean created) {
    }

    /** One page of runs; {@code nextCursor} is empty on the last page. */
    record RunListing(List<Run> runs, Optional<String> nextCursor) {
    }
}

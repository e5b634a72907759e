package io.cku.orchestrator;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import io.cku.shared.Actor;
import io.cku.shared.InvalidRequest;
import io.cku.shared.Mode;
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

    /**
     * The tenant's run with its version; throws {@link RunNotFound}, also for another tenant's run. The version may be older
     * than the run shown, never newer.
     */
    VersionedRun getVersioned(TenantId tenant, RunId id);

    /** The versions of those of these runs that exist, of any tenant: how watchers notice changes stored through any instance. */
    Map<RunId, Long> versions(Collection<RunId> ids);

    /** The tenant's runs newest first, optionally of one status, continuing after {@code cursor}. */
    default RunListing list(TenantId tenant, Optional<RunStatus> status, Optional<String> cursor, int limit) {
        return list(tenant, RunFilter.ANY.withStatus(status), cursor, limit);
    }

    /** The tenant's runs that match {@code filter}, newest first, continuing after {@code cursor}. */
    RunListing list(TenantId tenant, RunFilter filter, Optional<String> cursor, int limit);

    /** How many of the tenant's runs match {@code filter} (its status aside), by status; statuses with none are absent. */
    Map<RunStatus, Long> countByStatus(TenantId tenant, RunFilter filter);

    /** The tenant's runs that ended since {@code since}, counted per hour they ended in and per final status. */
    List<HourlyOutcomes> outcomesPerHour(TenantId tenant, Instant since);

    /** Cancels a run of the actor's tenant that has not ended; throws {@link IllegalTransition} when it has. */
    default Run cancel(Actor by, RunId id) {
        return cancel(by, id, null);
    }

    /** {@link #cancel(Actor, RunId)}, saying why (kept in the run's reason, and so in its audit entry); null for no reason. */
    Run cancel(Actor by, RunId id, String reason);

    /**
     * Locks the tenant's run for the rest of the caller's transaction and returns it with its gates; throws
     * {@link RunNotFound}. Deciding on a run (an approval) starts here, so two decisions on one run never interleave.
     */
    Run lockForDecision(TenantId tenant, RunId id);

    /**
     * Applies a transition of the {@link Run} aggregate to a run of the actor's tenant on the actor's behalf and stores the
     * result (in the caller's transaction, or its own); a run that becomes workable again is picked up by a worker.
     */
    Run transition(Actor by, RunId id, UnaryOperator<Run> change);

    /**
     * Something shown with the run but stored beside it changed (an approval vote that did not decide a gate yet), in the
     * caller's transaction: the run's version grows, so that clients waiting for a change hear of it.
     */
    void touched(RunId id);

    /** The tenant's runs waiting for approval, longest waiting first. */
    List<Run> awaitingApproval(TenantId tenant);

    /**
     * Acts on every run whose approval deadline passed before {@code now}: when {@code escalation} gives a new deadline for
     * a gate's pause not yet escalated, the wait is extended once; otherwise the run ends REJECTED. {@code changed} sees each
     * such run as changed inside the transaction that stores it (to publish events that commit with it). A checkpoint step
     * whose wait ended fails as if refused, and the healing engine's plan applies (its run change records it). Returns the
     * runs changed.
     */
    List<Run> expireApprovals(Instant now, Function<Run, Optional<Instant>> escalation, Consumer<Run> changed);

    /** The earliest deadline of a run waiting for approval, at a gate or a checkpoint step, if any waits: when to look next. */
    Optional<Instant> nextApprovalDeadline();

    /** The run this request would create, validated but not stored: what a dry run evaluates. */
    Run preview(Actor submitter, RunRequest request);

    /** The tenant's runs gating, executing or waiting for a decision now, other than {@code excluding}. */
    int activeRuns(TenantId tenant, RunId excluding);

    /** The tenant's runs submitted since {@code since}. */
    int submittedSince(TenantId tenant, Instant since);

    /**
     * A run and its version: a number that grows with every stored change of the run (a transition, through any instance),
     * starting at {@link #FIRST} when it is submitted.
     */
    record VersionedRun(Run run, long version) {

        /** The version of a run just submitted. */
        public static final long FIRST = 1;
    }

    /** A stored run, and whether this request created it. */
    record Submission(Run run, boolean created) {
    }

    /**
     * What a listing keeps: each part empty for any.
     *
     * @param submitter the submitter's qualified name ({@code user:alice}) or bare name ({@code alice}, of any kind)
     * @param label a label that must be present, as {@code key} or {@code key=value}
     * @param text words the intent must contain, ignoring case
     */
    record RunFilter(Optional<RunStatus> status, Optional<Mode> mode, Optional<String> submitter, Optional<String> label,
            Optional<String> text) {

        /** Every run. */
        public static final RunFilter ANY = new RunFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());

        /** The longest submitter, label or text a filter takes. */
        public static final int MAX_LENGTH = 200;

        public RunFilter {
            submitter = checked("submitter", submitter);
            label = checked("label", label);
            text = checked("text", text);
        }

        private static Optional<String> checked(String field, Optional<String> value) {
            Optional<String> kept = value.map(String::strip).filter(s -> !s.isEmpty());
            if (kept.isPresent() && (kept.get().length() > MAX_LENGTH || kept.get().indexOf('\0') >= 0)) {
                throw InvalidRequest.of(field, "must be at most " + MAX_LENGTH + " characters, with no NUL");
            }
            return kept;
        }

        public RunFilter withStatus(Optional<RunStatus> status) {
            return new RunFilter(status, mode, submitter, label, text);
        }
    }

    /** Runs that ended within one hour, by final status. */
    record HourlyOutcomes(Instant hour, Map<RunStatus, Long> ended) {

        public HourlyOutcomes {
            ended = Map.copyOf(ended);
        }

        public long total() {
            return ended.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** One page of runs; {@code nextCursor} is empty on the last page. */
    record RunListing(List<Run> runs, Optional<String> nextCursor) {
    }
}

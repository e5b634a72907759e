package io.cku.orchestrator.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.cku.orchestrator.Attempt;
import io.cku.orchestrator.GateResult;
import io.cku.orchestrator.IdempotencyConflict;
import io.cku.orchestrator.Run;
import io.cku.orchestrator.RunId;
import io.cku.orchestrator.RunManagement;
import io.cku.orchestrator.RunNotFound;
import io.cku.orchestrator.RunStatus;
import io.cku.orchestrator.Step;
import io.cku.orchestrator.StepHealing;
import io.cku.shared.Actor;
import io.cku.shared.CanonicalJson;
import io.cku.shared.FailureClass;
import io.cku.shared.InvalidRequest;
import io.cku.shared.TenantId;
import io.cku.shared.Timestamps;
import io.cku.shared.api.RunRequest;

@Service
class DefaultRunManagement implements RunManagement {

    static final int MAX_KEY = 200;
    static final int MAX_PAGE = 100;

    private final RunRequestValidation validation;
    private final RunRows store;
    private final RunWorkers workers;
    private final Cancellations cancellations;
    private final TransactionTemplate tx;
    private final StepHealing healing;

    DefaultRunManagement(RunRequestValidation validation, RunRows store, RunWorkers workers, Cancellations cancellations,
            TransactionTemplate tx, StepHealing healing) {
        this.healing = healing;
        this.validation = validation;
        this.store = store;
        this.workers = workers;
        this.cancellations = cancellations;
        this.tx = tx;
    }

    @Override
    public Submission submit(Actor submitter, RunRequest request, Optional<String> idempotencyKey) {
        idempotencyKey.filter(key -> key.isBlank() || key.length() > MAX_KEY).ifPresent(key -> {
            throw InvalidRequest.of("Idempotency-Key", "must be 1 to " + MAX_KEY + " characters");
        });
        Run run = validation.toRun(submitter, request);
        String hash = idempotencyKey.map(key -> CanonicalJson.sha256(request)).orElse(null);

        Boolean inserted = tx.execute(status -> store.insert(run, idempotencyKey.orElse(null), hash));
        if (Boolean.TRUE.equals(inserted)) {
            workers.wakeUp();
            return new Submission(run, true);
        }
        String key = idempotencyKey.orElseThrow();
        RunRows.KeyedRun existing = store.findByIdempotencyKey(submitter.tenant(), key).orElseThrow();
        if (!existing.requestHash().equals(hash)) {
            throw new IdempotencyConflict(key, existing.id());
        }
        return new Submission(get(submitter.tenant(), existing.id()), false);
    }

    @Override
    public Run get(TenantId tenant, RunId id) {
        return store.find(tenant, id).orElseThrow(() -> new RunNotFound(id.toString()));
    }

    @Override
    public VersionedRun getVersioned(TenantId tenant, RunId id) {
        return store.findVersioned(tenant, id).orElseThrow(() -> new RunNotFound(id.toString()));
    }

    @Override
    public void touched(RunId id) {
        store.touched(id);
    }

    @Override
    public Map<RunId, Long> versions(Collection<RunId> ids) {
        return ids.isEmpty() ? Map.of() : store.versions(ids);
    }

    @Override
    public RunListing list(TenantId tenant, RunFilter filter, Optional<String> cursor, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw InvalidRequest.of("limit", "must be within 1.." + MAX_PAGE + ", was " + limit);
        }
        List<Run> page = store.page(tenant, filter, cursor.map(RunCursor::decode), limit + 1);
        if (page.size() <= limit) {
            return new RunListing(page, Optional.empty());
        }
        List<Run> shown = page.subList(0, limit);
        return new RunListing(shown, Optional.of(RunCursor.after(shown.get(limit - 1)).encode()));
    }

    @Override
    public Map<RunStatus, Long> countByStatus(TenantId tenant, RunFilter filter) {
        return store.countByStatus(tenant, filter);
    }

    @Override
    public List<HourlyOutcomes> outcomesPerHour(TenantId tenant, Instant since) {
        return store.outcomesPerHour(tenant, since);
    }

    @Override
    public Run lockForDecision(TenantId tenant, RunId id) {
        return store.lock(tenant, id).map(RunRows.Locked::run).orElseThrow(() -> new RunNotFound(id.toString()));
    }

    @Override
    public Run transition(Actor by, RunId id, UnaryOperator<Run> change) {
        TenantId tenant = by.tenant();
        Run after = tx.execute(status -> {
            RunRows.Locked locked = store.lock(tenant, id).orElseThrow(() -> new RunNotFound(id.toString()));
            Run changed = change.apply(locked.run());
            store.save(by, locked.run(), changed);
            return changed;
        });
        if (after.status().isWorkable()) {
            workers.wakeUp();
        }
        return get(tenant, id);
    }

    @Override
    public List<Run> awaitingApproval(TenantId tenant) {
        return store.awaitingApproval(tenant);
    }

    @Override
    public Optional<Instant> nextApprovalDeadline() {
        return store.nextApprovalDeadline();
    }

    @Override
    public List<Run> expireApprovals(Instant now, Function<Run, Optional<Instant>> escalation, Consumer<Run> inTransaction) {
        List<Run> changed = new ArrayList<>();
        for (RunId id : store.pastApprovalDeadline(now)) {
            tx.execute(status -> store.lockAny(id)
                    .filter(locked -> locked.run().status() == RunStatus.AWAITING_APPROVAL)
                    .map(locked -> {
                        Run run = locked.run();
                        if (run.waitingStep().isPresent()) {
                            Run after = checkpointExpired(run, run.waitingStep().get());
                            store.save(Actor.system(run.tenant()), run, after);
                            workers.wakeUp(); // a rollback or a skip goes on at once
                            return changed.add(after);
                        }
                        boolean escalated = run.waitingGate().map(GateResult::escalated).orElse(true);
                        Optional<Instant> extended = escalated ? Optional.empty() : escalation.apply(run);
                        Run after = extended.map(deadline -> run.approvalEscalated(deadline, Timestamps.now()))
                                .orElseGet(() -> run.approvalExpired(Timestamps.now()));
                        store.save(Actor.system(run.tenant()), run, after);
                        inTransaction.accept(after);
                        return changed.add(after);
                    }));
        }
        return changed;
    }

    /** Nobody approved the checkpoint in time: the step fails, and the healing engine's plan for that failure applies. */
    private Run checkpointExpired(Run run, Step step) {
        Instant now = Timestamps.now();
        Attempt attempt = step.failedAttempt(FailureClass.PERMANENT, "approval-expired",
                "nobody approved step '" + step.name() + "' before its deadline " + step.nextAttemptAt(), now);
        return run.stepRefused(step.name(), attempt, healing.afterFailure(run, step, attempt, true, null, now), now);
    }

    @Override
    public int activeRuns(TenantId tenant, RunId excluding) {
        return store.countActive(tenant, excluding);
    }

    @Override
    public int submittedSince(TenantId tenant, Instant since) {
        return store.countSince(tenant, since);
    }

    @Override
    public Run preview(Actor submitter, RunRequest request) {
        return validation.toRun(submitter, request);
    }

    @Override
    public Run cancel(Actor by, RunId id, String reason) {
        tx.executeWithoutResult(status -> {
            RunRows.Locked locked = store.lock(by.tenant(), id).orElseThrow(() -> new RunNotFound(id.toString()));
            store.save(by, locked.run(), locked.run().cancel(Timestamps.now(), reason));
        });
        cancellations.cancel(id);
        return get(by.tenant(), id);
    }
}

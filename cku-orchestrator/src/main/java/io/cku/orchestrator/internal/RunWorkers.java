package io.cku.orchestrator.internal;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.cku.orchestrator.Attempt;
import io.cku.orchestrator.Compensation;
import io.cku.orchestrator.Decision;
import io.cku.orchestrator.GateResult;
import io.cku.orchestrator.Healing;
import io.cku.orchestrator.OrchestratorProperties;
import io.cku.orchestrator.Run;
import io.cku.orchestrator.RunGates;
import io.cku.orchestrator.RunId;
import io.cku.orchestrator.RunStatus;
import io.cku.orchestrator.Step;
import io.cku.orchestrator.StepStatus;
import io.cku.orchestrator.StepHealing;
import io.cku.orchestrator.StepSkills;
import io.cku.orchestrator.StepSkills.StepResult;
import io.cku.shared.FailureClass;
import io.cku.shared.Threads;
import io.cku.shared.Timestamps;

/**
 * The workers of this instance. Each claims a workable run under a lease, evaluates its gates and executes its
 * steps one at a time, persisting every state change before the work it announces. A heartbeat renews the leases;
 * when an instance dies its leases lapse and another worker resumes the run from its last completed step.
 */
@Component
class RunWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RunWorkers.class);
    private static final Object WAKE_UP = new Object();

    private final RunRows store;
    private final RunLeases leases;
    private final RunGates gates;
    private final StepSkills skills;
    private final StepHealing healing;
    private final StepExecution execution;
    private final Cancellations cancellations;
    private final TransactionTemplate tx;
    private final OrchestratorProperties properties;
    private final String owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
    private final BlockingQueue<Object> wakeUps = new LinkedBlockingQueue<>();
    /** The runs this instance's workers hold now: only their leases are renewed. */
    private final Set<RunId> active = ConcurrentHashMap.newKeySet();

    private volatile boolean running;
    private ExecutorService workers;
    private ScheduledExecutorService heartbeat;

    RunWorkers(RunRows store, RunLeases leases, RunGates gates, StepSkills skills, StepHealing healing, StepExecution execution,
            Cancellations cancellations, TransactionTemplate tx, OrchestratorProperties properties) {
        this.store = store;
        this.leases = leases;
        this.gates = gates;
        this.skills = skills;
        this.healing = healing;
        this.execution = execution;
        this.cancellations = cancellations;
        this.tx = tx;
        this.properties = properties;
    }

    /** Tells an idle worker that a run is waiting. */
    void wakeUp() {
        if (wakeUps.size() < properties.workers()) {
            wakeUps.offer(WAKE_UP);
        }
    }

    @Override
    public void start() {
        running = true;
        workers = Executors.newFixedThreadPool(properties.workers(), Threads.factory("cku-worker-"));
        for (int i = 0; i < properties.workers(); i++) {
            workers.submit(this::work);
        }
        long beat = Math.max(200, properties.leaseDuration().toMillis() / 3);
        heartbeat = Executors.newSingleThreadScheduledExecutor(Threads.factory("cku-lease-heartbeat-"));
        heartbeat.scheduleWithFixedDelay(this::renewLeases, beat, beat, TimeUnit.MILLISECONDS);
        log.info("{} run workers started as {}", properties.workers(), owner);
    }

    /**
     * Lets the steps in flight finish for up to {@code cku.orchestrator.shutdown-wait}, cuts short what is still running
     * then, and hands every run this instance holds back (its lease cleared), so that another instance or the next
     * start resumes them at once instead of after the lease lapses.
     */
    @Override
    public void stop() {
        running = false;
        for (int i = 0; i < properties.workers(); i++) {
            wakeUps.offer(WAKE_UP);
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(properties.shutdownWait().toMillis(), TimeUnit.MILLISECONDS)) {
                log.info("steps still in flight after {}: cutting them short; their runs resume on the next claim", properties.shutdownWait());
                workers.shutdownNow();
                workers.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        heartbeat.shutdownNow();
        execution.shutdown();
        handBackLeases();
    }

    private void handBackLeases() {
        try {
            int released = tx.execute(status -> leases.releaseLeases(owner));
            if (released > 0) {
                log.info("handed back {} run(s) this instance held", released);
            }
        } catch (RuntimeException e) {
            log.warn("could not hand back the runs this instance held; their leases lapse in {}", properties.leaseDuration());
        }
    }

    /** Stops after the web server (Boot stops it in phases DEFAULT_PHASE - 1024 and - 2048), so no request waits on a stopped worker. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void work() {
        while (running) {
            try {
                Optional<Run> claimed = claim();
                if (claimed.isPresent()) {
                    process(claimed.get());
                } else {
                    wakeUps.poll(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("run worker failed; trying again after {}", properties.pollInterval(), e);
                pause();
            }
        }
    }

    /** Claims a run and, in the same transaction, takes it as far as the next step to execute. */
    private Optional<Run> claim() {
        return Optional.ofNullable(tx.execute(status -> leases.claim(owner, properties.leaseDuration()).map(claimed -> {
            cancellations.open(claimed.id());
            active.add(claimed.id());
            try {
                Run next = advance(recover(claimed), true);
                if (!store.saveIfCurrent(claimed, next, owner, mustFlush(next))) {
                    throw new IllegalStateException("run " + claimed.id() + " changed while its claim was held");
                }
                wakeUpWhenDue(next);
                return next;
            } catch (RuntimeException e) {
                cancellations.close(claimed.id());
                active.remove(claimed.id());
                throw e;
            }
        }).orElse(null)));
    }

    /**
     * Works on a claimed run until it waits or ends. Whatever goes wrong, the lease is let go of here (or, when even that
     * fails, no longer renewed), so that a worker takes the run up again instead of the run staying claimed by nobody.
     */
    private void process(Run claimed) {
        Run run = claimed;
        try {
            while (run != null && running && (run.status() == RunStatus.RUNNING || run.rollingBack())) {
                run = run.status() == RunStatus.RUNNING ? executeCurrentStep(run) : compensateNext(run);
            }
            if (run != null && run.status().isWorkable()) {
                RunId id = run.id();
                tx.executeWithoutResult(status -> leases.releaseLease(id, owner));
            }
        } catch (RuntimeException e) {
            log.warn("working on run {} failed; letting go of it so that a worker takes it up again", claimed.id(), e);
            try {
                tx.executeWithoutResult(status -> leases.releaseLease(claimed.id(), owner));
            } catch (RuntimeException notReleased) {
                log.warn("could not let go of run {}; its lease lapses in {}", claimed.id(), properties.leaseDuration());
            }
        } finally {
            active.remove(claimed.id());
            cancellations.close(claimed.id());
        }
    }

    /** A retry is due later: a worker of this instance wakes up then (others find it when they poll). */
    private void wakeUpWhenDue(Run run) {
        Instant due = run.dueAt();
        if (due != null && run.status() == RunStatus.HEALING) {
            heartbeat.schedule(this::wakeUp, Math.max(0, Duration.between(Timestamps.now(), due).toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Executes an attempt of the current step, unless the circuit of its skill and target is open (then the attempt fails
     * fast), and stores how it ended: on failure, with what the healing engine decided comes next.
     */
    private Run executeCurrentStep(Run run) {
        Step step = run.currentStep().orElseThrow();
        String target = skills.target(step.skill(), step.params());
        Optional<Instant> open = circuitOpenUntil(run, step, target);
        StepResult result = open.isPresent()
                ? StepResult.failed("circuit-open", FailureClass.TRANSIENT, "not attempted: the circuit of " + step.skill() + " "
                        + target + " is open until " + open.get() + " after repeated transient failures")
                : execution.execute(run, step, cancellations.open(run.id()));
        if (!running && !result.succeeded()) {
            return null; // stopped by shutdown: leave the step to be resumed, not failed
        }
        Instant now = Timestamps.now();
        if (result.succeeded()) {
            String output = execution.boundedOutput(result.output());
            recordCircuit(run, step, target, null, null, now);
            return transition(run, current -> advance(current.stepSucceeded(step.name(), output, now), false));
        }
        FailureClass classification = healing.classify(step.skill(), result.errorType(), result.failureClass());
        if (open.isEmpty()) {
            recordCircuit(run, step, target, classification, result.errorType(), now);
        }
        Attempt attempt = step.failedAttempt(classification, result.errorType(), execution.boundedError(result.error()), now);
        Healing plan = healing.afterFailure(run, step, attempt, skills.idempotent(step.skill(), step.params()), open.orElse(null), now);
        Run after = transition(run, current -> advance(current.stepFailed(step.name(), attempt, plan, now), false));
        if (after != null) {
            wakeUpWhenDue(after);
        }
        return after;
    }

    /** A circuit that cannot be read is taken as closed: the attempt goes to the target, as it would without circuits. */
    private Optional<Instant> circuitOpenUntil(Run run, Step step, String target) {
        try {
            return healing.circuitOpenUntil(run.tenant(), step.skill(), target, Timestamps.now());
        } catch (RuntimeException e) {
            log.warn("could not read the circuit of {} {}; attempting anyway", step.skill(), target, e);
            return Optional.empty();
        }
    }

    private void recordCircuit(Run run, Step step, String target, FailureClass failure, String errorType, Instant now) {
        try {
            healing.attemptEnded(run.tenant(), step.skill(), target, failure, errorType, now);
        } catch (RuntimeException e) {
            log.warn("could not count an attempt of {} against its circuit", step.skill(), e);
        }
    }

    /** Undoes the next completed step while the run rolls back, or ends the rollback when nothing is left to undo. */
    private Run compensateNext(Run run) {
        Optional<Step> next = run.nextToCompensate();
        if (next.isEmpty()) {
            return transition(run, current -> current.rollbackFinished(Timestamps.now()));
        }
        Step step = next.get();
        Run undoing = step.status() == StepStatus.COMPENSATING ? run
                : transition(run, current -> current.compensationStarted(step.name(), Timestamps.now()));
        if (undoing == null) {
            return null;
        }
        StepResult result = execution.compensate(undoing, step, cancellations.open(run.id()));
        if (!running && !result.succeeded()) {
            return null;
        }
        String done = result.succeeded() ? "undone: " + execution.boundedOutput(result.output()) : null;
        String error = result.succeeded() ? null : execution.boundedError(result.error());
        return transition(undoing, current -> result.succeeded()
                ? current.compensated(step.name(), done, Timestamps.now())
                : current.compensationFailed(step.name(), error, Timestamps.now()));
    }

    /**
     * Applies a change to this worker's copy of the run and saves it, unless the stored run changed meanwhile
     * (cancelled, or the lease lapsed and another worker took it); null when the worker must let go of the run.
     */
    private Run transition(Run before, UnaryOperator<Run> change) {
        return tx.execute(status -> {
            Run after = change.apply(before);
            if (!store.saveIfCurrent(before, after, owner, mustFlush(after))) {
                log.info("run {} changed under its worker (cancelled, or its lease was taken); letting go", before.id());
                leases.releaseLease(before.id(), owner);
                return null;
            }
            return after;
        });
    }

    /**
     * Only a transition that starts a step which must not run twice waits for the disk flush; losing any other
     * to a crash of the database host would only repeat work that is safe to repeat.
     */
    private boolean mustFlush(Run run) {
        return run.steps().stream()
                .filter(step -> step.status() == StepStatus.RUNNING || step.status() == StepStatus.COMPENSATING)
                .findFirst()
                .map(step -> !safeToRepeat(step))
                .orElse(false);
    }

    /** Whether the work in flight for this step (the step itself, or undoing it) may run again after a crash. */
    private boolean safeToRepeat(Step step) {
        if (step.status() == StepStatus.COMPENSATING) {
            Compensation compensation = step.compensation();
            return compensation.byItself() || skills.idempotent(compensation.skill(), compensation.params());
        }
        return skills.idempotent(step.skill(), step.params());
    }

    /** A run claimed with a step in flight lost its worker: re-run the step only if that is safe. */
    private Run recover(Run run) {
        Optional<Step> undoing = run.rollingBack() ? run.nextToCompensate().filter(s -> s.status() == StepStatus.COMPENSATING)
                : Optional.empty();
        if (undoing.isPresent()) {
            Step step = undoing.get();
            if (safeToRepeat(step)) {
                log.info("resuming run {}: undoing step '{}' again", run.id(), step.name());
                return run;
            }
            return run.awaitDecision("undoing step '" + step.name() + "' (skill " + step.compensation().skill() + ") was in flight when"
                    + " its worker stopped; it is not idempotent, so it is not run again without a decision", Decision.RETRY, Timestamps.now());
        }
        Optional<Step> current = run.currentStep();
        if (run.status() != RunStatus.RUNNING || current.isEmpty() || current.get().status() != StepStatus.RUNNING) {
            return run;
        }
        Step step = current.get();
        if (safeToRepeat(step)) {
            // the cut attempt counts like a transient failure: retried within the step's budget, after its backoff
            Instant now = Timestamps.now();
            Attempt cut = step.failedAttempt(FailureClass.TRANSIENT, "worker-stopped", "its worker stopped before the attempt ended", now);
            Healing plan = healing.afterFailure(run, step, cut, true, null, now);
            log.info("resuming run {}: step '{}' was in flight when its worker stopped: {}", run.id(), step.name(), plan.reason());
            return run.stepFailed(step.name(), cut, plan, now);
        }
        return run.awaitDecision("step '" + step.name() + "' (skill " + step.skill() + ") was in flight when its worker stopped;"
                + " it is not idempotent, so it is not run again without a decision",
                run.anythingToUndo() ? Decision.ROLLBACK : Decision.ABORT, Timestamps.now());
    }

    /**
     * Takes the run through gating and to the start of its next step, whichever of these are due. A retry is started only
     * when the run was just claimed: the claim found it due by the database's clock, which this instance does not second-guess.
     */
    private Run advance(Run run, boolean claimedNow) {
        Run next = run;
        if (next.status() == RunStatus.PENDING) {
            next = next.startGating(Timestamps.now());
        }
        if (next.status() == RunStatus.GATING) {
            List<GateResult> decisions = gates.evaluate(next);
            next = next.gatesDecided(decisions, Timestamps.now());
        }
        Optional<Step> step = next.currentStep();
        if (next.status() == RunStatus.RUNNING && step.isPresent() && step.get().status() == StepStatus.PENDING) {
            Instant now = Timestamps.now();
            next = skills.checkpoint(step.get().skill()) ? next.awaitStepApproval(step.get().name(), gates.approvalDeadline(next, now), now)
                    : next.startStep(step.get().name(), now);
        }
        if (claimedNow && next.status() == RunStatus.HEALING && step.isPresent() && step.get().status() == StepStatus.RETRY_SCHEDULED) {
            next = next.startStep(step.get().name(), Timestamps.now());
        }
        return next;
    }

    private void renewLeases() {
        try {
            if (!active.isEmpty()) {
                leases.renewLeases(owner, List.copyOf(active), properties.leaseDuration());
            }
            leases.cancelledHeldBy(owner).forEach(cancellations::cancel);
        } catch (RuntimeException e) {
            log.warn("could not renew run leases", e);
        }
    }

    private void pause() {
        try {
            Thread.sleep(properties.pollInterval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}

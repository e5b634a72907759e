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
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.cku.orchestrator.OrchestratorProperties;
import io.cku.orchestrator.Run;
import io.cku.orchestrator.RunId;
import io.cku.orchestrator.RunStatus;
import io.cku.shared.IdlePacing;
import io.cku.shared.Threads;
import io.cku.shared.Timestamps;

/**
 * The workers of this instance: their threads, wake-ups and lease heartbeat. Each claims a workable run under a lease and
 * lets {@link RunAdvance} take it step by step until it waits or ends. The heartbeat renews the leases of the runs held
 * now; when an instance dies its leases lapse and another worker resumes the run ({@link InFlightRecovery}). A cancel
 * accepted by another instance is looked for every {@code cancel-check-interval} and stops the step in flight.
 */
@Component
class RunWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RunWorkers.class);
    private static final Object WAKE_UP = new Object();
    /** How long a worker other than the scout waits for a wake-up while the workers rest; a safety net, not a poll. */
    private static final Duration RESTING_WAIT = Duration.ofMinutes(1);

    private final RunLeases leases;
    private final RunAdvance advance;
    private final StepExecution execution;
    private final Cancellations cancellations;
    private final TransactionTemplate tx;
    private final OrchestratorProperties properties;
    private final String owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
    private final BlockingQueue<Object> wakeUps = new LinkedBlockingQueue<>();
    /**
     * Whether workers found work lately. While they do, idle workers look every poll-interval, as runs also become claimable
     * without a wake-up here (submitted through another instance, a lease that lapsed). Once none has for a while, only the
     * first worker (the scout) looks, less and less often, up to idle-poll-interval; the others wait for a wake-up, which a
     * submit here or the scout's next claim sends.
     */
    private final IdlePacing pacing;
    /** The runs this instance's workers hold now: only their leases are renewed. */
    private final Set<RunId> active = ConcurrentHashMap.newKeySet();
    /** Made once, not per step: RunAdvance asks it whether a failed attempt was cut short by a stop. */
    private final BooleanSupplier stillRunning = this::isRunning;

    private volatile boolean running;
    private ExecutorService workers;
    private ScheduledExecutorService heartbeat;

    RunWorkers(RunLeases leases, RunAdvance advance, StepExecution execution, Cancellations cancellations, TransactionTemplate tx,
            OrchestratorProperties properties) {
        this.leases = leases;
        this.advance = advance;
        this.execution = execution;
        this.cancellations = cancellations;
        this.tx = tx;
        this.properties = properties;
        this.pacing = new IdlePacing(properties.pollInterval(), properties.idlePollInterval());
    }

    /** Tells an idle worker that a run is waiting. */
    void wakeUp() {
        pacing.foundWork();
        if (wakeUps.size() < properties.workers()) {
            wakeUps.offer(WAKE_UP);
        }
    }

    @Override
    public void start() {
        running = true;
        workers = Executors.newFixedThreadPool(properties.workers(), Threads.factory("cku-worker-"));
        for (int i = 0; i < properties.workers(); i++) {
            boolean scout = i == 0;
            workers.submit(() -> work(scout));
        }
        long beat = Math.max(200, properties.leaseDuration().toMillis() / 3);
        heartbeat = Executors.newSingleThreadScheduledExecutor(Threads.factory("cku-lease-heartbeat-"));
        heartbeat.scheduleWithFixedDelay(this::renewLeases, beat, beat, TimeUnit.MILLISECONDS);
        long check = properties.cancelCheckInterval().toMillis();
        heartbeat.scheduleWithFixedDelay(this::stopCancelledSteps, check, check, TimeUnit.MILLISECONDS);
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

    private void work(boolean scout) {
        while (running) {
            try {
                Optional<Run> claimed = claim();
                if (claimed.isPresent()) {
                    if (pacing.resting()) {
                        wakeUpAll(); // the first run after a rest: others may be waiting too
                    }
                    pacing.foundWork();
                    process(claimed.get());
                } else if (scout) {
                    pacing.foundNothing();
                    awaitWakeUp(pacing.next());
                } else {
                    // a resting service: only the scout looks, and a claim of its wakes the others
                    awaitWakeUp(pacing.resting() ? RESTING_WAIT : properties.pollInterval());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("run worker failed; trying again after {}", properties.pollInterval(), e);
                pause();
            }
        }
    }

    private void awaitWakeUp(Duration wait) throws InterruptedException {
        if (wakeUps.poll(wait.toMillis(), TimeUnit.MILLISECONDS) != null) {
            pacing.foundWork();
        }
    }

    private void wakeUpAll() {
        for (int i = wakeUps.size(); i < properties.workers(); i++) {
            wakeUps.offer(WAKE_UP);
        }
    }

    /** Claims a run and, in the same transaction, takes it as far as the next step to execute. */
    private Optional<Run> claim() {
        return Optional.ofNullable(tx.execute(status -> leases.claim(owner, properties.leaseDuration()).map(claimed -> {
            cancellations.open(claimed.id());
            active.add(claimed.id());
            try {
                Run next = advance.claimed(claimed, owner);
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
                run = nextStep(run);
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

    /** Executes the current step, or undoes the next one while rolling back; a retry the step schedules wakes a worker then. */
    private Run nextStep(Run run) {
        if (run.status() != RunStatus.RUNNING) {
            return advance.compensateNext(run, owner, stillRunning);
        }
        Run after = advance.executeCurrentStep(run, owner, stillRunning);
        if (after != null) {
            wakeUpWhenDue(after);
        }
        return after;
    }

    /** A retry is due later: a worker of this instance wakes up then (others find it when they poll). */
    private void wakeUpWhenDue(Run run) {
        Instant due = run.dueAt();
        if (due != null && run.status() == RunStatus.HEALING) {
            heartbeat.schedule(this::wakeUp, Math.max(0, Duration.between(Timestamps.now(), due).toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    private void renewLeases() {
        try {
            if (!active.isEmpty()) {
                leases.renewLeases(owner, List.copyOf(active), properties.leaseDuration());
            }
        } catch (RuntimeException e) {
            log.warn("could not renew run leases", e);
        }
    }

    /**
     * A cancel accepted by another instance reaches the step in flight here within {@code cancel-check-interval}: one
     * primary-key query for the runs held now, only while there are any (a cancel through this instance signals at once).
     */
    private void stopCancelledSteps() {
        try {
            if (!active.isEmpty()) {
                leases.cancelledAmong(List.copyOf(active)).forEach(cancellations::cancel);
            }
        } catch (RuntimeException e) {
            log.warn("could not check the runs in flight for cancels", e);
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

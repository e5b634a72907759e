package io.cku.app.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.context.request.async.DeferredResult;

import io.cku.app.views.RunViews;
import io.cku.governance.ApprovalEvent;
import io.cku.orchestrator.RunChanged;
import io.cku.orchestrator.RunId;
import io.cku.orchestrator.RunManagement;
import io.cku.orchestrator.RunManagement.VersionedRun;
import io.cku.shared.TenantId;
import io.cku.shared.Threads;
import io.cku.shared.api.RunView;

/**
 * The requests waiting for a run to change ({@code GET /runs/{id}?waitForChangeAfter=…}). A waiter holds no thread: it is a
 * {@link DeferredResult} answered when the run's version passes the one the client saw, or when its time is up. A change
 * committed through this instance wakes the run's waiters at once; one committed through another instance is found by one
 * query for the versions of every run waited on, every {@code cku.run-waits.check-interval}, made only while anyone waits.
 */
@Component
class RunWaits implements SmartLifecycle {

    /** The answer's header: whether the run changed after the version the client gave. */
    static final String CHANGED = "CKU-Changed";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);
    /** Past the waiter's own timeout, when the servlet container gives up on the request (it should never come to that). */
    private static final Duration BACKSTOP = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(RunWaits.class);

    private final RunManagement runs;
    private final RunViews views;
    private final RunWaitProperties properties;
    private final Map<RunId, Set<Waiter>> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    private volatile boolean running;
    private ScheduledExecutorService timers;
    /** Reads the runs and builds the answers, off the threads that commit changes (workers must not wait on a reader). */
    private ExecutorService answering;

    RunWaits(RunManagement runs, RunViews views, RunWaitProperties properties) {
        this.runs = runs;
        this.views = views;
        this.properties = properties;
    }

    /**
     * The tenant's run once its version is greater than {@code after}: at once when it is already, else when it changes or
     * {@code timeout} passes (then unchanged). Throws {@code RunNotFound} before waiting, and {@link TooManyWaiters}.
     */
    DeferredResult<ResponseEntity<RunView>> await(TenantId tenant, RunId id, long after, Duration timeout) {
        VersionedRun now = runs.getVersioned(tenant, id);
        DeferredResult<ResponseEntity<RunView>> result = new DeferredResult<>(timeout.plus(BACKSTOP).toMillis());
        if (now.version() > after || timeout.isZero() || !running) {
            result.setResult(answer(now, after));
            return result;
        }
        if (count.incrementAndGet() > properties.maxWaiters()) {
            count.decrementAndGet();
            throw new TooManyWaiters(properties.maxWaiters());
        }
        Waiter waiter = new Waiter(tenant, id, after, result);
        waiting.computeIfAbsent(id, key -> ConcurrentHashMap.newKeySet()).add(waiter);
        waiter.timer = timers.schedule(() -> answering.execute(() -> answerNow(waiter)), timeout.toMillis(), TimeUnit.MILLISECONDS);
        result.onTimeout(() -> forget(waiter));
        result.onError(error -> forget(waiter));
        result.onCompletion(() -> forget(waiter));
        return result;
    }

    /** A change committed through this instance: its run's waiters are answered now. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(RunChanged change) {
        wake(change.after().id());
    }

    /** A vote that decided nothing yet still changes what the run shows (and its version). */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(ApprovalEvent vote) {
        wake(new RunId(vote.runId()));
    }

    private void wake(RunId id) {
        if (waiting.containsKey(id)) {
            answering.execute(() -> answerChanged(id));
        }
    }

    /** Changes committed through other instances: one query for all runs waited on. */
    private void checkVersions() {
        if (waiting.isEmpty()) {
            return;
        }
        try {
            runs.versions(List.copyOf(waiting.keySet())).forEach((id, version) -> {
                Set<Waiter> waiters = waiting.get(id);
                if (waiters != null && waiters.stream().anyMatch(waiter -> version > waiter.after)) {
                    wake(id);
                }
            });
        } catch (RuntimeException e) {
            log.warn("could not read the versions of the runs waited on; trying again in {}", properties.checkInterval(), e);
        }
    }

    private void answerChanged(RunId id) {
        Set<Waiter> waiters = waiting.getOrDefault(id, Set.of());
        if (waiters.isEmpty()) {
            return;
        }
        try {
            VersionedRun now = runs.getVersioned(waiters.iterator().next().tenant, id);
            waiters.stream().filter(waiter -> now.version() > waiter.after).forEach(waiter -> complete(waiter, now));
        } catch (RuntimeException e) {
            waiters.forEach(waiter -> fail(waiter, e));
        }
    }

    private void answerNow(Waiter waiter) {
        try {
            complete(waiter, runs.getVersioned(waiter.tenant, waiter.id));
        } catch (RuntimeException e) {
            fail(waiter, e);
        }
    }

    private void complete(Waiter waiter, VersionedRun now) {
        if (forget(waiter)) {
            waiter.result.setResult(answer(now, waiter.after));
        }
    }

    private void fail(Waiter waiter, RuntimeException e) {
        if (forget(waiter)) {
            waiter.result.setErrorResult(e);
        }
    }

    /** Takes the waiter out, once; true for the one caller that did. */
    private boolean forget(Waiter waiter) {
        if (!waiter.done.compareAndSet(false, true)) {
            return false;
        }
        waiting.computeIfPresent(waiter.id, (id, waiters) -> {
            waiters.remove(waiter);
            return waiters.isEmpty() ? null : waiters;
        });
        count.decrementAndGet();
        ScheduledFuture<?> timer = waiter.timer;
        if (timer != null) {
            timer.cancel(false);
        }
        return true;
    }

    private ResponseEntity<RunView> answer(VersionedRun now, long after) {
        return ResponseEntity.ok().header(CHANGED, Boolean.toString(now.version() > after)).body(views.view(now));
    }

    @Override
    public void start() {
        timers = Executors.newSingleThreadScheduledExecutor(Threads.factory("cku-run-waits-"));
        answering = Executors.newFixedThreadPool(2, Threads.factory("cku-run-answers-"));
        long every = properties.checkInterval().toMillis();
        timers.scheduleWithFixedDelay(this::checkVersions, every, every, TimeUnit.MILLISECONDS);
        running = true;
    }

    /** Answers every waiter now (unchanged, unless it changed), so that the web server's graceful stop does not wait on them. */
    @Override
    public void stop() {
        running = false;
        waiting.values().stream().flatMap(Set::stream).toList().forEach(this::answerNow);
        timers.shutdownNow();
        answering.shutdown();
    }

    /** Stops before the web server's graceful shutdown (phases DEFAULT_PHASE - 1024 and - 2048). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 512;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** One waiting request. */
    private static final class Waiter {

        final TenantId tenant;
        final RunId id;
        final long after;
        final DeferredResult<ResponseEntity<RunView>> result;
        final AtomicBoolean done = new AtomicBoolean();
        volatile ScheduledFuture<?> timer;

        Waiter(TenantId tenant, RunId id, long after, DeferredResult<ResponseEntity<RunView>> result) {
            this.tenant = tenant;
            this.id = id;
            this.after = after;
            this.result = result;
        }
    }

    /** More requests wait on this instance than {@code cku.run-waits.max-waiters}. */
    static final class TooManyWaiters extends RuntimeException {

        TooManyWaiters(int max) {
            super("this instance has " + max + " requests waiting for runs to change, its limit; read the run without"
                    + " waitForChangeAfter, or wait again after Retry-After");
        }
    }
}

package io.cku.orchestrator.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

import io.cku.orchestrator.RunId;
import io.cku.shared.Cancellation;

/**
 * The runs this instance is executing, so that a cancellation reaches the step in flight. A worker opens a token
 * inside the transaction that claims the run, so a cancel that commits after the claim always finds it.
 */
@Component
class Cancellations {

    private final Map<RunId, Token> active = new ConcurrentHashMap<>();

    Token open(RunId id) {
        return active.computeIfAbsent(id, key -> new Token());
    }

    void close(RunId id) {
        active.remove(id);
    }

    /** Signals the run's step in flight on this instance, if there is one. */
    void cancel(RunId id) {
        Token token = active.get(id);
        if (token != null) {
            token.cancel();
        }
    }

    /** One run's cancellation, seen by its skills and able to interrupt its step. */
    static final class Token implements Cancellation {

        private final CountDownLatch cancelled = new CountDownLatch(1);
        private volatile Future<?> step;

        @Override
        public boolean isCancelled() {
            return cancelled.getCount() == 0;
        }

        @Override
        public boolean awaitCancellation(Duration duration) throws InterruptedException {
            return cancelled.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        }

        void attach(Future<?> future) {
            step = future;
            if (isCancelled()) {
                future.cancel(true);
            }
        }

        void detach() {
            step = null;
        }

        private void cancel() {
            cancelled.countDown();
            Future<?> running = step;
            if (running != null) {
                running.cancel(true);
            }
        }
    }
}

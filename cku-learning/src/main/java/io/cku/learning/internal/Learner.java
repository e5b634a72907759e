package io.cku.learning.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.cku.learning.LearningProperties;
import io.cku.shared.Bell;
import io.cku.shared.IdlePacing;

/**
 * The learning loop's own thread: off the request and worker paths, it folds outcomes in when one commits (after a short
 * linger, so a burst of runs is one batch) and every {@code cku.learning.interval} for outcomes other instances recorded;
 * after looks that found none, less and less often, up to {@value #IDLE_ROUNDS} intervals (each instance folds in its own).
 */
@Component
class Learner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Learner.class);
    private static final long LINGER_MS = 50;
    private static final int IDLE_ROUNDS = 10;

    private final DefaultLearning learning;
    private final Bell bell = new Bell();
    private final IdlePacing pacing;
    private volatile boolean running;
    private Thread thread;

    Learner(DefaultLearning learning, LearningProperties properties) {
        this.learning = learning;
        this.pacing = new IdlePacing(properties.interval(), properties.interval().multipliedBy(IDLE_ROUNDS));
        learning.onRecorded(this::wakeUp);
    }

    void wakeUp() {
        bell.ring();
    }

    private void run() {
        int failures = 0;
        while (running) {
            boolean woken = awaitBell();
            if (!running) {
                return;
            }
            try {
                if (woken) {
                    Thread.sleep(LINGER_MS);
                }
                if (learning.learnNow() > 0 || woken) {
                    pacing.foundWork();
                } else {
                    pacing.foundNothing();
                }
                failures = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failures++;
                if (failures == 1 || Integer.bitCount(failures) == 1) {
                    log.warn("the learning loop could not fold outcomes in ({} failures in a row); retrying", failures, e);
                }
            }
        }
    }

    private boolean awaitBell() {
        try {
            return bell.await(pacing.next());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return false;
        }
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "cku-learning");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        wakeUp();
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}

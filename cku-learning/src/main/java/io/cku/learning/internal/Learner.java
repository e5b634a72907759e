package io.cku.learning.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.cku.learning.LearningProperties;
import io.cku.shared.Bell;

/**
 * The learning loop's own thread: off the request and worker paths, it folds outcomes in when one commits (after a short
 * linger, so a burst of runs is one batch) and every {@code cku.learning.interval} for outcomes other instances recorded.
 */
@Component
class Learner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Learner.class);
    private static final long LINGER_MS = 50;

    private final DefaultLearning learning;
    private final LearningProperties properties;
    private final Bell bell = new Bell();
    private volatile boolean running;
    private Thread thread;

    Learner(DefaultLearning learning, LearningProperties properties) {
        this.learning = learning;
        this.properties = properties;
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
                learning.learnNow();
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
            return bell.await(properties.interval());
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

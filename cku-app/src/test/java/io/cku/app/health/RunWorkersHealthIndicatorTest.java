package io.cku.app.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

import io.cku.orchestrator.WorkerPool;

class RunWorkersHealthIndicatorTest {

    @Test
    void isUpWhileTheWorkersRunAndDownOnceTheyStopped() {
        boolean[] running = {true};
        WorkerPool pool = new WorkerPool() {
            public boolean running() {
                return running[0];
            }

            public int size() {
                return 4;
            }
        };
        RunWorkersHealthIndicator health = new RunWorkersHealthIndicator(pool);

        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        running[0] = false;
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getDetails()).containsEntry("workers", 4);
    }
}

package io.cku.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.cku.orchestrator.RunBacklog;
import io.cku.orchestrator.RunStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class RunBacklogMetricsTest {

    @Test
    void manyScrapesWithinFiveSecondsReadTheDatabaseOnce() {
        AtomicInteger reads = new AtomicInteger();
        RunBacklog backlog = () -> {
            reads.incrementAndGet();
            Map<RunStatus, Long> unfinished = new EnumMap<>(RunStatus.class);
            for (RunStatus status : RunStatus.values()) {
                if (!status.isTerminal()) {
                    unfinished.put(status, status == RunStatus.AWAITING_APPROVAL ? 3L : 0L);
                }
            }
            return new RunBacklog.Snapshot(unfinished, Duration.ofMillis(2500));
        };
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new RunBacklogMetrics(backlog).bindTo(registry);

        for (int scrape = 0; scrape < 10; scrape++) {
            assertThat(registry.get("cku.runs.active").tag("status", "AWAITING_APPROVAL").gauge().value()).isEqualTo(3.0);
            assertThat(registry.get("cku.runs.active").tag("status", "PENDING").gauge().value()).isZero();
            assertThat(registry.get("cku.queue.oldest.pending.seconds").gauge().value()).isEqualTo(2.5);
        }

        assertThat(reads).hasValue(1);
        assertThat(registry.find("cku.runs.active").tag("status", "SUCCEEDED").gauge()).as("ended runs are not active").isNull();
    }
}

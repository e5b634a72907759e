package io.cku.orchestrator;

import java.time.Duration;
import java.util.Map;

/** How much work is waiting across every tenant, read from the database: what the run gauges show. */
public interface RunBacklog {

    /** The runs that have not ended, by status, and how long the run a worker should claim next has waited. */
    Snapshot snapshot();

    /**
     * @param unfinished runs of every tenant that have not ended, by status; every non-terminal status is present (0 when none)
     * @param oldestWaiting how long the longest-waiting claimable run (PENDING, or a retry that is due, with no live lease) has
     *     waited; zero when none waits
     */
    record Snapshot(Map<RunStatus, Long> unfinished, Duration oldestWaiting) {

        public Snapshot {
            unfinished = Map.copyOf(unfinished);
        }
    }
}

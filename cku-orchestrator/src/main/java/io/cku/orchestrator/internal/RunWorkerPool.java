package io.cku.orchestrator.internal;

import org.springframework.stereotype.Component;

import io.cku.orchestrator.OrchestratorProperties;
import io.cku.orchestrator.WorkerPool;

/** {@link RunWorkers} as the rest of the service may see them: running or not, and how many. */
@Component
class RunWorkerPool implements WorkerPool {

    private final RunWorkers workers;
    private final OrchestratorProperties properties;

    RunWorkerPool(RunWorkers workers, OrchestratorProperties properties) {
        this.workers = workers;
        this.properties = properties;
    }

    @Override
    public boolean running() {
        return workers.isRunning();
    }

    @Override
    public int size() {
        return properties.workers();
    }
}

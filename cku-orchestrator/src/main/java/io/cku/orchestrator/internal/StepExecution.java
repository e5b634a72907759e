package io.cku.orchestrator.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.stereotype.Component;

import io.cku.orchestrator.Compensation;
import io.cku.orchestrator.OrchestratorProperties;
import io.cku.orchestrator.Run;
import io.cku.orchestrator.Step;
import io.cku.orchestrator.StepSkills;
import io.cku.orchestrator.StepSkills.StepInvocation;
import io.cku.orchestrator.StepSkills.StepResult;
import io.cku.shared.FailureClass;
import io.cku.shared.Threads;
import tools.jackson.databind.json.JsonMapper;

/** Executes one attempt of a step within its time budget, and bounds what is kept of its output and error. */
@Component
class StepExecution {

    private final StepSkills skills;
    private final OrchestratorProperties properties;
    private final JsonMapper json;
    private final ExecutorService attempts = Executors.newCachedThreadPool(Threads.factory("cku-step-"));

    StepExecution(StepSkills skills, OrchestratorProperties properties, JsonMapper json) {
        this.skills = skills;
        this.properties = properties;
        this.json = json;
    }

    StepResult execute(Run run, Step step, Cancellations.Token cancellation) {
        Duration timeout = timeout(step);
        StepInvocation invocation = new StepInvocation(run.id(), step.name(), step.params(), timeout, cancellation);
        return within(step.skill(), timeout, cancellation, () -> skills.execute(step.skill(), invocation));
    }

    /** Undoes a completed step: its declared compensation, or its skill undoing the step with the step's own parameters. */
    StepResult compensate(Run run, Step step, Cancellations.Token cancellation) {
        Compensation compensation = step.compensation();
        Duration timeout = compensation.timeoutMs() == null ? properties.defaultStepTimeout() : Duration.ofMillis(compensation.timeoutMs());
        if (compensation.byItself()) {
            StepInvocation invocation = new StepInvocation(run.id(), step.name(), step.params(), timeout, cancellation);
            return within(step.skill(), timeout, cancellation, () -> skills.compensate(step.skill(), invocation));
        }
        StepInvocation invocation = new StepInvocation(run.id(), step.name() + "#compensate", compensation.params(), timeout, cancellation);
        return within(compensation.skill(), timeout, cancellation, () -> skills.execute(compensation.skill(), invocation));
    }

    private Duration timeout(Step step) {
        return step.timeoutMs() == null ? properties.defaultStepTimeout() : Duration.ofMillis(step.timeoutMs());
    }

    private StepResult within(String skill, Duration timeout, Cancellations.Token cancellation, Callable<StepResult> work) {
        Future<StepResult> attempt = attempts.submit(work);
        cancellation.attach(attempt);
        try {
            return attempt.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            attempt.cancel(true);
            return StepResult.failed("timeout", null, "timed out after " + timeout.toMillis() + " ms");
        } catch (CancellationException e) {
            return StepResult.failed("cancelled", FailureClass.PERMANENT, "cancelled");
        } catch (ExecutionException e) {
            return StepResult.failed(e.getCause().getClass().getSimpleName(), null, "skill " + skill + " failed: " + e.getCause());
        } catch (InterruptedException e) {
            attempt.cancel(true);
            Thread.currentThread().interrupt();
            return StepResult.failed("interrupted", null, "interrupted");
        } finally {
            cancellation.detach();
        }
    }

    /** The output as JSON text; output too large to keep becomes a marked preview. */
    String boundedOutput(Object output) {
        String text = json.writeValueAsString(output);
        int max = properties.maxOutputChars();
        if (text.length() <= max) {
            return text;
        }
        return json.writeValueAsString(Map.of("truncated", true, "length", text.length(), "preview", text.substring(0, max)));
    }

    String boundedError(String error) {
        int max = properties.maxErrorChars();
        if (error == null || error.length() <= max) {
            return error;
        }
        return error.substring(0, max) + " … (truncated, " + error.length() + " characters in all)";
    }

    void shutdown() {
        attempts.shutdownNow();
    }
}

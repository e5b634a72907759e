package io.cku.orchestrator;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.cku.shared.Cancellation;
import io.cku.shared.FailureClass;

/** The port through which the orchestrator finds, checks and executes the skills that steps name. */
public interface StepSkills {

    /** The skill a step will use: the one it names, or the best match for its intent. Throws {@link UnsupportedStep}. */
    String resolve(String skill, String intent);

    /** What is wrong with a step's parameters for that skill; empty when they are acceptable. */
    List<String> validate(String skill, Map<String, Object> params);

    /** Whether executing the step again has the same effect as executing it once. */
    boolean idempotent(String skill, Map<String, Object> params);

    /** Executes one attempt of a step; never throws for a failure of the work itself. */
    StepResult execute(String skill, StepInvocation invocation);

    /** What a step of this skill acts on (a URL's origin, a command); attempts at one skill and target share a circuit. */
    String target(String skill, Map<String, Object> params);

    /** Whether steps of this skill are human checkpoints: the run waits for approval there instead of executing anything. */
    boolean checkpoint(String skill);

    /** Whether the skill undoes its own steps when a run rolls back (so a step needs no declared compensation). */
    boolean compensatesItself(String skill);

    /** Undoes a step that the skill executed, given the step's own invocation; never throws for a failure of the work. */
    StepResult compensate(String skill, StepInvocation invocation);

    /** What an attempt gets: the step's parameters, its time budget and the run's cancellation. */
    record StepInvocation(RunId runId, String stepName, Map<String, Object> params, Duration timeout, Cancellation cancellation) {
    }

    /**
     * How an attempt ended: {@code error} is null on success, {@code output} any JSON-serialisable value. A failure may name
     * its type ({@code http-503}) and, when the skill knows, whether trying again can help.
     */
    record StepResult(Object output, String error, String errorType, FailureClass failureClass) {

        public static StepResult succeeded(Object output) {
            return new StepResult(output, null, null, null);
        }

        public static StepResult failed(String errorType, FailureClass failureClass, String error) {
            return new StepResult(null, error == null ? "failed" : error, errorType, failureClass);
        }

        public boolean succeeded() {
            return error == null;
        }
    }

    /** The step names no skill, or its intent matches none with confidence. */
    class UnsupportedStep extends RuntimeException {

        public UnsupportedStep(String message) {
            super(message);
        }
    }
}

package io.cku.skillengine;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.cku.shared.RiskLevel;

/** The skill SPI: one kind of work a step can do. Implementations are Spring beans. */
public interface Skill {

    /** The name steps use to pick this skill, such as {@code http} or {@code file.write}. */
    String name();

    /** One sentence for people choosing a skill. */
    String description();

    /** Lower-case words that route a step's free-text intent to this skill. */
    Set<String> keywords();

    /** How much damage the skill can do; gates weigh plans by it. */
    RiskLevel risk();

    /** Whether running the step again with these parameters has the same effect as running it once. */
    boolean idempotent(Map<String, Object> params);

    /** What is wrong with these parameters, one message a problem; empty when they are acceptable. */
    List<String> validate(Map<String, Object> params);

    /**
     * Does the work; throws only for failures it did not expect. The {@link SkillEngine} calls it only with parameters
     * {@link #validate} has just accepted, so it need not check them again.
     */
    SkillResult execute(SkillContext context) throws Exception;

    /**
     * The result a step fails with when its parameters have these problems at execution (the configuration changed since
     * it was validated, or a caller skipped validation): by default {@code invalid-params}, which the healing engine
     * treats as permanent unless configured otherwise.
     */
    default SkillResult refuse(Map<String, Object> params, List<String> problems) {
        return SkillResult.failed("invalid-params", String.join("; ", problems));
    }

    /**
     * What the step acts on, for circuit breaking: attempts at one skill and target share a circuit across runs. Empty when
     * the skill acts on nothing outside this service.
     */
    default String target(Map<String, Object> params) {
        return "";
    }

    /** Whether the step is a human checkpoint: the run pauses there until people approve, and the skill is never executed. */
    default boolean checkpoint() {
        return false;
    }

    /** The run has ended: whatever the skill kept to undo its steps can go. */
    default void forget(UUID runId) throws Exception {
    }

    /** Whether the skill can undo a step it executed, with the same parameters, when a run rolls back. */
    default boolean compensatesItself() {
        return false;
    }

    /**
     * Undoes what {@link #execute} did for this run and step; running it twice has the effect of running it once. Like
     * {@link #execute}, called only with parameters {@link #validate} has just accepted.
     */
    default SkillResult compensate(SkillContext context) throws Exception {
        return SkillResult.failed("not-compensable", "skill " + name() + " cannot undo its steps by itself");
    }
}

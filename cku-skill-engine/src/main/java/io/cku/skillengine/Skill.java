package io.cku.skillengine;

import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /** Does the work; throws only for failures it did not expect. */
    SkillResult execute(SkillContext context) throws Exception;
}

package io.cku.skillengine;

/** How a skill's execution ended. */
public sealed interface SkillResult {

    static SkillResult succeeded(Object output) {
        return new Succeeded(output);
    }

    static SkillResult failed(String error) {
        return new Failed(error);
    }

    /** The work is done; {@code output} is any JSON-serialisable value. */
    record Succeeded(Object output) implements SkillResult {
    }

    /** The work could not be done, for the reason given. */
    record Failed(String error) implements SkillResult {
    }
}

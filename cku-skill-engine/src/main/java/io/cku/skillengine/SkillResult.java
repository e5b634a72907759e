package io.cku.skillengine;

import io.cku.shared.FailureClass;

/** How a skill's execution ended. */
public sealed interface SkillResult {

    static SkillResult succeeded(Object output) {
        return new Succeeded(output);
    }

    /** A failure of no particular type: the healing engine treats it as permanent. */
    static SkillResult failed(String error) {
        return new Failed(error, null, null);
    }

    /** A failure of a type the healing engine classifies (such as {@code http-503} or {@code exit-75}). */
    static SkillResult failed(String errorType, String error) {
        return new Failed(error, errorType, null);
    }

    /** A failure the skill classifies itself. */
    static SkillResult failed(String errorType, FailureClass failureClass, String error) {
        return new Failed(error, errorType, failureClass);
    }

    /** The work is done; {@code output} is any JSON-serialisable value. */
    record Succeeded(Object output) implements SkillResult {
    }

    /**
     * The work could not be done, for the reason given.
     *
     * @param errorType a short, stable name for the kind of failure, such as {@code connection}; null when unknown
     * @param failureClass whether trying again can help, when the skill knows; null to leave it to the healing engine
     */
    record Failed(String error, String errorType, FailureClass failureClass) implements SkillResult {
    }
}

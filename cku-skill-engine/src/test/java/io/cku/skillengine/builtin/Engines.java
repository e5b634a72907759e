package io.cku.skillengine.builtin;

import java.nio.file.Path;
import java.util.List;

import io.cku.skillengine.Skill;
import io.cku.skillengine.SkillEngine;
import io.cku.skillengine.SkillProperties;

/** A skill engine holding one skill, for tests of what the service does with a step, validation included. */
final class Engines {

    private Engines() {
    }

    /** An engine of just this skill; the shell is switched on so that the engine hands shell steps to the skill. */
    static SkillEngine of(Skill skill, Path workspace) {
        return new SkillEngine(List.of(skill), new SkillProperties(workspace, null, null, new SkillProperties.Shell(true, List.of()), null));
    }
}

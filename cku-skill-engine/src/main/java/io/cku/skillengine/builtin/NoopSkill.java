package io.cku.skillengine.builtin;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.cku.shared.RiskLevel;
import io.cku.skillengine.Skill;
import io.cku.skillengine.SkillContext;
import io.cku.skillengine.SkillResult;

/** Does nothing and succeeds: for dry runs and for testing the pipeline itself. */
@Component
class NoopSkill implements Skill {

    @Override
    public String name() {
        return "noop";
    }

    @Override
    public String description() {
        return "Does nothing and succeeds.";
    }

    @Override
    public Set<String> keywords() {
        return Set.of("noop", "no-op", "nothing", "placeholder", "dry");
    }

    @Override
    public RiskLevel risk() {
        return RiskLevel.LOW;
    }

    @Override
    public boolean idempotent(Map<String, Object> params) {
        return true;
    }

    @Override
    public List<String> validate(Map<String, Object> params) {
        return List.of();
    }

    @Override
    public SkillResult execute(SkillContext context) {
        return SkillResult.succeeded(Map.of("done", true));
    }
}

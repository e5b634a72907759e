package io.cku.app.wiring;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.cku.orchestrator.StepSkills;
import io.cku.skillengine.Skill;
import io.cku.skillengine.SkillContext;
import io.cku.skillengine.SkillEngine;
import io.cku.skillengine.SkillResult;
import io.cku.skillengine.UnknownSkill;

/** Lets the orchestrator run steps through the skill engine. */
@Component
class SkillEngineSteps implements StepSkills {

    private final SkillEngine engine;

    SkillEngineSteps(SkillEngine engine) {
        this.engine = engine;
    }

    @Override
    public String resolve(String skill, String intent) {
        try {
            return skill != null ? engine.require(skill).name() : engine.route(intent).name();
        } catch (UnknownSkill e) {
            throw new UnsupportedStep(e.getMessage());
        }
    }

    @Override
    public List<String> validate(String skill, Map<String, Object> params) {
        return engine.require(skill).validate(params);
    }

    @Override
    public boolean idempotent(String skill, Map<String, Object> params) {
        return engine.find(skill).map(found -> found.idempotent(params)).orElse(false);
    }

    @Override
    public StepResult execute(String skill, StepInvocation invocation) {
        return result(engine.execute(skill, context(invocation)));
    }

    @Override
    public String target(String skill, Map<String, Object> params) {
        return engine.find(skill).map(found -> found.target(params)).orElse("");
    }

    @Override
    public boolean checkpoint(String skill) {
        return engine.find(skill).map(Skill::checkpoint).orElse(false);
    }

    @Override
    public boolean compensatesItself(String skill) {
        return engine.find(skill).map(Skill::compensatesItself).orElse(false);
    }

    @Override
    public StepResult compensate(String skill, StepInvocation invocation) {
        return result(engine.compensate(skill, context(invocation)));
    }

    private static SkillContext context(StepInvocation invocation) {
        return new SkillContext(invocation.runId().value(), invocation.stepName(), invocation.params(), invocation.timeout(),
                invocation.cancellation());
    }

    private static StepResult result(SkillResult result) {
        if (result instanceof SkillResult.Succeeded succeeded) {
            return StepResult.succeeded(succeeded.output());
        }
        SkillResult.Failed failed = (SkillResult.Failed) result;
        return StepResult.failed(failed.errorType(), failed.failureClass(), failed.error());
    }
}

package io.cku.orchestrator.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.cku.orchestrator.Run;
import io.cku.orchestrator.RunId;
import io.cku.orchestrator.Step;
import io.cku.orchestrator.StepHealing;
import io.cku.orchestrator.StepSkills;
import io.cku.orchestrator.Compensation;
import io.cku.shared.Actor;
import io.cku.shared.InvalidRequest;
import io.cku.shared.InvalidRequest.Violation;
import io.cku.shared.Mode;
import io.cku.shared.Timestamps;
import io.cku.shared.api.CompensationSpec;
import io.cku.shared.api.RunRequest;
import io.cku.shared.api.RunRequestRules;
import io.cku.shared.api.StepRequest;

/**
 * Turns a submitted request into a PENDING run, or refuses it listing every problem at once: first the request's shape
 * ({@link RunRequestRules}, which the CLI checks too), then what the skills and healing say of each step.
 */
@Component
class RunRequestValidation {

    private final StepSkills skills;
    private final StepHealing healing;

    RunRequestValidation(StepSkills skills, StepHealing healing) {
        this.skills = skills;
        this.healing = healing;
    }

    Run toRun(Actor submitter, RunRequest request) {
        List<Violation> problems = new ArrayList<>(RunRequestRules.problems(request));
        Mode mode = RunRequestRules.modeOf(request);
        List<Step> steps = steps(submitter, request, mode == null ? Mode.DEV : mode, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequest(problems);
        }
        return Run.submitted(RunId.random(), submitter, request.intent(), mode, request.labels(), request.evidence(), steps,
                Timestamps.now());
    }

    /** The planned steps; only complete when no problem was found, shape included. */
    private List<Step> steps(Actor submitter, RunRequest request, Mode mode, List<Violation> problems) {
        List<StepRequest> requested = request.plan() == null ? null : request.plan().steps();
        if (requested == null || requested.isEmpty() || requested.size() > RunRequestRules.MAX_STEPS) {
            return List.of();
        }
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            StepRequest step = requested.get(i);
            if (step != null) {
                step(step, "plan.steps[" + i + "]", mode, problems).ifPresent(skill -> steps.add(Step.planned(steps.size(), step.name(),
                        skill, step.intent(), step.params(), Boolean.TRUE.equals(step.optional()), step.timeoutMs(),
                        healing.retryPolicy(submitter.tenant(), skill, step.params(), mode, step.retry()),
                        compensation(skill, step.compensate()))));
            }
        }
        return steps;
    }

    /** The skill the step resolves to, when the skills and healing accept it. */
    private Optional<String> step(StepRequest step, String field, Mode mode, List<Violation> problems) {
        int before = problems.size();
        String skill = skill(step, field, problems);
        if (skill != null) {
            Map<String, Object> params = step.params() == null ? Map.of() : step.params();
            skills.validate(skill, params).forEach(message -> problems.add(new Violation(field + ".params", message)));
        }
        healing.validateRetry(skill, mode, step.retry()).forEach(message -> problems.add(new Violation(field + ".retry", message)));
        checkCompensation(step.compensate(), field + ".compensate", problems);
        return problems.size() == before && skill != null ? Optional.of(skill) : Optional.empty();
    }

    private void checkCompensation(CompensationSpec compensate, String field, List<Violation> problems) {
        if (compensate == null || compensate.skill() == null || compensate.skill().isBlank()) {
            return;
        }
        try {
            String skill = skills.resolve(compensate.skill(), null);
            if (skills.checkpoint(skill)) {
                problems.add(new Violation(field + ".skill", "'" + skill + "' waits for people and undoes nothing; name a skill that acts"));
                return;
            }
            Map<String, Object> params = compensate.params() == null ? Map.of() : compensate.params();
            skills.validate(skill, params).forEach(message -> problems.add(new Violation(field + ".params", message)));
        } catch (StepSkills.UnsupportedStep e) {
            problems.add(new Violation(field + ".skill", e.getMessage()));
        }
    }

    /** A declared compensation; else the skill's own undoing when it has one; else none. */
    private Compensation compensation(String skill, CompensationSpec declared) {
        if (declared != null) {
            return new Compensation(declared.skill(), declared.params(), false, declared.timeoutMs());
        }
        return skills.compensatesItself(skill) ? Compensation.byItself(skill) : null;
    }

    /** The skill a step names or routes to; null (the shape check said why) when it gives neither. */
    private String skill(StepRequest step, String field, List<Violation> problems) {
        boolean named = RunRequestRules.namesSkill(step);
        boolean described = RunRequestRules.describes(step);
        if (!named && !described) {
            return null;
        }
        try {
            return skills.resolve(named ? step.skill() : null, described ? step.intent() : null);
        } catch (StepSkills.UnsupportedStep e) {
            problems.add(new Violation(field + (named ? ".skill" : ".intent"), e.getMessage()));
            return null;
        }
    }
}

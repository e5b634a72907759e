package io.cku.orchestrator.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
import io.cku.shared.api.StepRequest;

/** Turns a submitted request into a PENDING run, or refuses it listing every problem at once. */
@Component
class RunRequestValidation {

    static final int MAX_INTENT = 2000;
    static final int MAX_STEPS = 100;
    static final int MAX_NAME = 200;
    static final int MAX_LABELS = 50;
    static final long MAX_TIMEOUT_MS = 3_600_000;

    private final StepSkills skills;
    private final StepHealing healing;

    RunRequestValidation(StepSkills skills, StepHealing healing) {
        this.skills = skills;
        this.healing = healing;
    }

    Run toRun(Actor submitter, RunRequest request) {
        List<Violation> problems = new ArrayList<>();
        String intent = text(request.intent(), "intent", MAX_INTENT, problems);
        Mode mode = mode(request.mode(), problems);
        checkLabels(request.labels(), problems);
        List<Step> steps = steps(submitter, request, mode == null ? Mode.DEV : mode, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequest(problems);
        }
        return Run.submitted(RunId.random(), submitter, intent, mode, request.labels(), request.evidence(), steps, Timestamps.now());
    }

    private List<Step> steps(Actor submitter, RunRequest request, Mode mode, List<Violation> problems) {
        List<StepRequest> requested = request.plan() == null ? null : request.plan().steps();
        if (requested == null || requested.isEmpty() || requested.size() > MAX_STEPS) {
            problems.add(new Violation("plan.steps", "must hold 1 to " + MAX_STEPS + " steps, had "
                    + (requested == null ? 0 : requested.size())));
            return List.of();
        }
        List<Step> steps = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            String field = "plan.steps[" + i + "]";
            StepRequest step = requested.get(i);
            if (step == null) {
                problems.add(new Violation(field, "must be an object"));
                continue;
            }
            String name = text(step.name(), field + ".name", MAX_NAME, problems);
            if (name != null && !names.add(name)) {
                problems.add(new Violation(field + ".name", "'" + name + "' is used by an earlier step; step names must be unique"));
            }
            step(step, field, mode, problems).ifPresent(skill -> steps.add(Step.planned(steps.size(), name, skill, step.intent(),
                    step.params(), Boolean.TRUE.equals(step.optional()), step.timeoutMs(), healing.retryPolicy(submitter.tenant(), skill, step.params(), mode, step.retry()),
                    compensation(skill, step.compensate()))));
        }
        return steps;
    }

    /** The skill the step resolves to, when the step is valid. */
    private Optional<String> step(StepRequest step, String field, Mode mode, List<Violation> problems) {
        int before = problems.size();
        if (step.timeoutMs() != null && (step.timeoutMs() < 1 || step.timeoutMs() > MAX_TIMEOUT_MS)) {
            problems.add(new Violation(field + ".timeoutMs", "must be within 1.." + MAX_TIMEOUT_MS + ", was " + step.timeoutMs()));
        }
        String skill = skill(step, field, problems);
        if (skill != null) {
            Map<String, Object> params = step.params() == null ? Map.of() : step.params();
            skills.validate(skill, params).forEach(message -> problems.add(new Violation(field + ".params", message)));
        }
        healing.validateRetry(skill, mode, step.retry()).forEach(message -> problems.add(new Violation(field + ".retry", message)));
        checkCompensation(step.compensate(), field + ".compensate", problems);
        return problems.size() == before ? Optional.of(skill) : Optional.empty();
    }

    private void checkCompensation(CompensationSpec compensate, String field, List<Violation> problems) {
        if (compensate == null) {
            return;
        }
        if (compensate.skill() == null || compensate.skill().isBlank()) {
            problems.add(new Violation(field + ".skill", "names the skill that undoes the step"));
            return;
        }
        if (compensate.timeoutMs() != null && (compensate.timeoutMs() < 1 || compensate.timeoutMs() > MAX_TIMEOUT_MS)) {
            problems.add(new Violation(field + ".timeoutMs", "must be within 1.." + MAX_TIMEOUT_MS + ", was " + compensate.timeoutMs()));
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

    private String skill(StepRequest step, String field, List<Violation> problems) {
        boolean named = step.skill() != null && !step.skill().isBlank();
        boolean described = step.intent() != null && !step.intent().isBlank();
        if (!named && !described) {
            problems.add(new Violation(field + ".skill", "a step names a skill, or gives an intent to route to one"));
            return null;
        }
        try {
            return skills.resolve(named ? step.skill() : null, described ? step.intent() : null);
        } catch (StepSkills.UnsupportedStep e) {
            problems.add(new Violation(field + (named ? ".skill" : ".intent"), e.getMessage()));
            return null;
        }
    }

    private static Mode mode(String mode, List<Violation> problems) {
        if (mode == null) {
            return Mode.DEV;
        }
        Optional<Mode> known = Mode.fromWireName(mode);
        if (known.isEmpty()) {
            problems.add(new Violation("mode", "must be one of dev, staging, prod; was '" + mode + "'"));
        }
        return known.orElse(null);
    }

    private static void checkLabels(Map<String, String> labels, List<Violation> problems) {
        if (labels == null) {
            return;
        }
        if (labels.size() > MAX_LABELS) {
            problems.add(new Violation("labels", "at most " + MAX_LABELS + " labels, had " + labels.size()));
        }
        labels.forEach((key, value) -> {
            if (key.isBlank() || key.length() > 100 || value == null || value.length() > 500) {
                problems.add(new Violation("labels." + key, "keys are 1-100 characters and values strings of at most 500"));
            }
        });
    }

    private static String text(String value, String field, int max, List<Violation> problems) {
        if (value == null || value.isBlank()) {
            problems.add(new Violation(field, "is required"));
            return null;
        }
        if (value.length() > max) {
            problems.add(new Violation(field, "must be at most " + max + " characters, had " + value.length()));
            return null;
        }
        return value;
    }
}

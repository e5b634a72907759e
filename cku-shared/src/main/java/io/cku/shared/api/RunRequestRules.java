package io.cku.shared.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cku.shared.InvalidRequest.Violation;
import io.cku.shared.Mode;

/**
 * What a {@link RunRequest} must look like before any skill is consulted: the service checks it first, and the CLI checks
 * a plan file with it before sending, so both name the same fields with the same words.
 */
public final class RunRequestRules {

    public static final int MAX_INTENT = 2000;
    public static final int MAX_STEPS = 100;
    public static final int MAX_NAME = 200;
    public static final int MAX_LABELS = 50;
    public static final long MAX_TIMEOUT_MS = 3_600_000;

    private RunRequestRules() {
    }

    /** Every problem of the request's shape, in field order; empty when the skills may look at it. */
    public static List<Violation> problems(RunRequest request) {
        List<Violation> problems = new ArrayList<>();
        text(request.intent(), "intent", MAX_INTENT, problems);
        mode(request.mode(), problems);
        labels(request.labels(), problems);
        steps(request.plan() == null ? null : request.plan().steps(), problems);
        return problems;
    }

    /** The mode a request names ({@code dev} when it names none); null when it names an unknown one. */
    public static Mode modeOf(RunRequest request) {
        return request.mode() == null ? Mode.DEV : Mode.fromWireName(request.mode()).orElse(null);
    }

    /** Whether a step names a skill (rather than an intent to route). */
    public static boolean namesSkill(StepRequest step) {
        return step.skill() != null && !step.skill().isBlank();
    }

    /** Whether a step describes what it does, for routing. */
    public static boolean describes(StepRequest step) {
        return step.intent() != null && !step.intent().isBlank();
    }

    private static void steps(List<StepRequest> steps, List<Violation> problems) {
        if (steps == null || steps.isEmpty() || steps.size() > MAX_STEPS) {
            problems.add(new Violation("plan.steps", "must hold 1 to " + MAX_STEPS + " steps, had " + (steps == null ? 0 : steps.size())));
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < steps.size(); i++) {
            String field = "plan.steps[" + i + "]";
            StepRequest step = steps.get(i);
            if (step == null) {
                problems.add(new Violation(field, "must be an object"));
                continue;
            }
            String name = text(step.name(), field + ".name", MAX_NAME, problems);
            if (name != null && !names.add(name)) {
                problems.add(new Violation(field + ".name", "'" + name + "' is used by an earlier step; step names must be unique"));
            }
            step(step, field, problems);
        }
    }

    private static void step(StepRequest step, String field, List<Violation> problems) {
        timeout(step.timeoutMs(), field + ".timeoutMs", problems);
        if (!namesSkill(step) && !describes(step)) {
            problems.add(new Violation(field + ".skill", "a step names a skill, or gives an intent to route to one"));
        }
        CompensationSpec compensate = step.compensate();
        if (compensate == null) {
            return;
        }
        if (compensate.skill() == null || compensate.skill().isBlank()) {
            problems.add(new Violation(field + ".compensate.skill", "names the skill that undoes the step"));
            return;
        }
        timeout(compensate.timeoutMs(), field + ".compensate.timeoutMs", problems);
    }

    private static void timeout(Long timeoutMs, String field, List<Violation> problems) {
        if (timeoutMs != null && (timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS)) {
            problems.add(new Violation(field, "must be within 1.." + MAX_TIMEOUT_MS + ", was " + timeoutMs));
        }
    }

    private static void mode(String mode, List<Violation> problems) {
        if (mode != null && Mode.fromWireName(mode).isEmpty()) {
            problems.add(new Violation("mode", "must be one of dev, staging, prod; was '" + mode + "'"));
        }
    }

    private static void labels(Map<String, String> labels, List<Violation> problems) {
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

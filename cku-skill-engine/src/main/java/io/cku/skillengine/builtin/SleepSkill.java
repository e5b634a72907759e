package io.cku.skillengine.builtin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.cku.shared.RiskLevel;
import io.cku.skillengine.Skill;
import io.cku.skillengine.SkillContext;
import io.cku.skillengine.SkillResult;

/** Waits {@code params.ms} milliseconds (at most 60 s), stopping early when the run is cancelled. */
@Component
class SleepSkill implements Skill {

    static final long MAX_MS = 60_000;

    @Override
    public String name() {
        return "sleep";
    }

    @Override
    public String description() {
        return "Waits a number of milliseconds (params.ms, at most 60000).";
    }

    @Override
    public Set<String> keywords() {
        return Set.of("sleep", "wait", "pause", "delay");
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
        List<String> problems = new ArrayList<>();
        Params p = new Params(params, problems);
        if (p.raw("ms") == null) {
            problems.add("params.ms is required");
        }
        p.longWithin("ms", 0, 0, MAX_MS);
        return problems;
    }

    @Override
    public SkillResult execute(SkillContext context) throws InterruptedException {
        long ms = ((Number) context.params().get("ms")).longValue();
        boolean cancelled = context.cancellation().awaitCancellation(Duration.ofMillis(ms));
        if (cancelled) {
            return SkillResult.failed("cancelled", "cancelled while sleeping");
        }
        return SkillResult.succeeded(Map.of("sleptMs", ms));
    }
}

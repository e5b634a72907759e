package io.cku.skillengine.builtin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.cku.shared.RiskLevel;
import io.cku.skillengine.Skill;
import io.cku.skillengine.SkillContext;
import io.cku.skillengine.SkillResult;

/**
 * A human checkpoint inside a plan: the run pauses at the step until {@code params.approvals} approvers (1 by default)
 * approve it through {@code POST /admin/runs/{id}/steps/{step}/approve}; a refusal fails the step. The orchestrator does the
 * pausing: this skill is never executed like the others.
 */
@Component
class ApprovalSkill implements Skill {

    static final int MAX_APPROVALS = 10;
    static final int MAX_MESSAGE = 1000;

    @Override
    public String name() {
        return "approval";
    }

    @Override
    public String description() {
        return "Pauses the run until people approve it (params.approvals, params.message).";
    }

    @Override
    public Set<String> keywords() {
        return Set.of("approval", "approve", "sign-off", "signoff", "checkpoint", "human", "review");
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
    public boolean checkpoint() {
        return true;
    }

    @Override
    public List<String> validate(Map<String, Object> params) {
        List<String> problems = new ArrayList<>();
        Params p = new Params(params, problems);
        p.longWithin("approvals", 1, 1, MAX_APPROVALS);
        String message = p.optionalString("message", "");
        if (message != null && message.length() > MAX_MESSAGE) {
            problems.add("params.message must be at most " + MAX_MESSAGE + " characters, had " + message.length());
        }
        return problems;
    }

    @Override
    public SkillResult execute(SkillContext context) {
        return SkillResult.failed("not-executable", "an approval step waits for people; only the orchestrator can pause a run at it");
    }
}

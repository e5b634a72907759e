package io.cku.app.wiring;

import java.util.List;

import org.springframework.stereotype.Component;

import io.cku.governance.GateContext;
import io.cku.governance.GateManager;
import io.cku.governance.PlannedStep;
import io.cku.orchestrator.GateResult;
import io.cku.orchestrator.Run;
import io.cku.orchestrator.RunGates;
import io.cku.shared.RiskLevel;
import io.cku.shared.Timestamps;
import io.cku.skillengine.Skill;
import io.cku.skillengine.SkillEngine;

/** Lets the orchestrator have a run's gates evaluated by the gate manager, with each step's skill risk. */
@Component
class GovernanceGates implements RunGates {

    private final GateManager gates;
    private final SkillEngine skills;

    GovernanceGates(GateManager gates, SkillEngine skills) {
        this.gates = gates;
        this.skills = skills;
    }

    @Override
    public List<GateResult> evaluate(Run run) {
        List<PlannedStep> plan = run.steps().stream()
                .map(step -> new PlannedStep(step.name(), step.skill(),
                        skills.find(step.skill()).map(Skill::risk).orElse(RiskLevel.HIGH), step.params()))
                .toList();
        GateContext context = new GateContext(run.id().value(), run.mode(), run.intent(), plan, run.evidence(), run.labels());
        return gates.evaluate(context).stream()
                .map(decision -> new GateResult(decision.gate().name(), decision.gate().order(), decision.verdict(),
                        decision.reason(), Timestamps.now()))
                .toList();
    }
}

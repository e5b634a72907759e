package io.cku.app.wiring;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;

import io.cku.auth.AccountDirectory;
import io.cku.governance.Approval;
import io.cku.governance.ApprovalLedger;
import io.cku.governance.GateContext;
import io.cku.governance.GateDecision;
import io.cku.governance.GateManager;
import io.cku.governance.PlannedStep;
import io.cku.orchestrator.GateResult;
import io.cku.orchestrator.Run;
import io.cku.orchestrator.RunGates;
import io.cku.policy.Permission;
import io.cku.policy.RolePermissions;
import io.cku.shared.RiskLevel;
import io.cku.shared.Role;
import io.cku.shared.Timestamps;
import io.cku.shared.Verdict;
import io.cku.skillengine.Skill;
import io.cku.skillengine.SkillEngine;

/**
 * Lets the orchestrator have a run's gates evaluated by the gate manager: each step's skill risk, what the submitter may do
 * now, the approvals given so far; a PAUSE gets the mode's approval deadline.
 */
@Component
public class GovernanceGates implements RunGates {

    private final GateManager gates;
    private final SkillEngine skills;
    private final AccountDirectory accounts;
    private final RolePermissions permissions;
    private final ApprovalLedger approvals;

    GovernanceGates(GateManager gates, SkillEngine skills, AccountDirectory accounts, RolePermissions permissions,
            ApprovalLedger approvals) {
        this.gates = gates;
        this.skills = skills;
        this.accounts = accounts;
        this.permissions = permissions;
        this.approvals = approvals;
    }

    @Override
    public List<GateResult> evaluate(Run run) {
        Instant now = Timestamps.now();
        return results(run, gates.evaluate(context(run, approvals.of(run.id().value()), now)), now);
    }

    @Override
    public Instant approvalDeadline(Run run, Instant now) {
        return now.plus(gates.policy(run.mode()).approvalDeadline());
    }

    /** Every gate's decision on a run that is not stored: a dry run. */
    public List<GateResult> preview(Run run) {
        Instant now = Timestamps.now();
        return results(run, gates.evaluateAll(context(run, List.of(), now)), now);
    }

    private GateContext context(Run run, List<Approval> given, Instant now) {
        // a declared compensation is work the run may do too: the gates weigh and scope it like a step
        List<PlannedStep> plan = run.steps().stream()
                .flatMap(step -> Stream.concat(Stream.of(planned(step.name(), step.skill(), step.params())),
                        Stream.ofNullable(step.compensation()).filter(undo -> !undo.byItself())
                                .map(undo -> planned(step.name() + " (compensation)", undo.skill(), undo.params()))))
                .toList();
        Optional<Set<Role>> roles = accounts.activeRoles(run.submitter());
        Set<Permission> granted = roles.map(r -> permissions.permissionsOf(run.tenant(), r)).orElse(Set.of());
        return new GateContext(run.id().value(), run.mode(), run.intent(), plan, run.evidence(), run.labels(), run.submitter(),
                roles.isPresent(), granted, given, now);
    }

    private PlannedStep planned(String name, String skill, Map<String, Object> params) {
        return new PlannedStep(name, skill, skills.find(skill).map(Skill::risk).orElse(RiskLevel.HIGH), params,
                StepTargets.of(skills, skill, params));
    }

    private List<GateResult> results(Run run, List<GateDecision> decisions, Instant now) {
        Instant deadline = now.plus(gates.policy(run.mode()).approvalDeadline());
        return decisions.stream()
                .map(decision -> new GateResult(decision.gate().name(), decision.gate().order(), decision.verdict(), decision.reason(), now,
                        decision.verdict() == Verdict.PAUSE ? deadline : null, false, decision.policyVersion()))
                .toList();
    }
}

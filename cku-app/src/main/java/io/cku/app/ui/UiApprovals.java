package io.cku.app.ui;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.cku.app.approvals.ApprovalDesk;
import io.cku.app.approvals.PendingApprovals;
import io.cku.app.web.RequiresPermission;
import io.cku.auth.Caller;
import io.cku.orchestrator.GateResult;
import io.cku.orchestrator.Run;
import io.cku.orchestrator.RunManagement;
import io.cku.orchestrator.RunStatus;
import io.cku.policy.Permission;
import io.cku.policy.RolePermissions;
import io.cku.shared.api.PendingApprovalView;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The approvals inbox: every pause of the tenant, oldest deadline first, and deciding one in two steps (the reason, then a
 * confirmation). Who may decide is the API's rule ({@link ApprovalDesk}); the page only shows it.
 */
@Hidden
@Controller
class UiApprovals {

    private static final List<String> ACTIONS = List.of("retry", "rollback", "skip", "abort");

    /** The characters of an evidence value the inbox shows; the run's page and the API have it whole. */
    private static final int EVIDENCE_SHOWN = 120;

    private final PendingApprovals pending;
    private final ApprovalDesk desk;
    private final RolePermissions permissions;
    private final RunManagement runs;

    UiApprovals(PendingApprovals pending, ApprovalDesk desk, RolePermissions permissions, RunManagement runs) {
        this.pending = pending;
        this.desk = desk;
        this.permissions = permissions;
        this.runs = runs;
    }

    @RequiresPermission(Permission.RUNS_READ)
    @GetMapping("/ui/approvals")
    String inbox(@AuthenticationPrincipal Caller caller, Model model) {
        Ui.common(model, caller);
        fill(caller, model);
        return "ui/approvals";
    }

    /** The inbox's list alone, re-read live. */
    @RequiresPermission(Permission.RUNS_READ)
    @GetMapping("/ui/approvals/list")
    String list(@AuthenticationPrincipal Caller caller, Model model) {
        fill(caller, model);
        return "ui/approvals :: list";
    }

    /** The first step: what is about to be decided, the reason given, and a button that confirms it. */
    @RequiresPermission(Permission.APPROVALS_DECIDE)
    @PostMapping("/ui/approvals/confirm")
    String confirm(@AuthenticationPrincipal Caller caller, @RequestParam String runId, @RequestParam String gate, @RequestParam String step,
            @RequestParam String decision, @RequestParam String reason, Model model, RedirectAttributes redirect) {
        if (reason.isBlank()) {
            redirect.addFlashAttribute("problem", "Say why: a decision needs a reason.");
            return "redirect:/ui/approvals";
        }
        Ui.common(model, caller);
        model.addAttribute("runId", Ui.runId(runId).value().toString());
        model.addAttribute("gate", gate);
        model.addAttribute("step", step);
        model.addAttribute("approve", "approve".equals(decision));
        model.addAttribute("reason", reason.strip());
        return "ui/confirm";
    }

    @RequiresPermission(Permission.APPROVALS_DECIDE)
    @PostMapping("/ui/approvals/decide")
    String decide(@AuthenticationPrincipal Caller caller, @RequestParam String runId, @RequestParam String gate, @RequestParam String step,
            @RequestParam String decision, @RequestParam String reason, RedirectAttributes redirect) {
        boolean approve = "approve".equals(decision);
        if (reason.isBlank() || reason.length() > 500) {
            redirect.addFlashAttribute("problem", "A decision needs a reason of at most 500 characters.");
            return "redirect:/ui/approvals";
        }
        if ("STEP".equals(gate)) {
            desk.decideStep(caller, Ui.runId(runId), step, approve, reason.strip());
        } else {
            desk.decide(caller, Ui.runId(runId), gate, approve, reason.strip());
        }
        redirect.addFlashAttribute("notice", (approve ? "Approved " : "Rejected ") + ("STEP".equals(gate) ? "step " + step : gate) + ".");
        return "redirect:/ui/runs/" + Ui.runId(runId).value();
    }

    /** The first step of a decision after a failure: the action, the reason, a button that confirms it. */
    @RequiresPermission(Permission.APPROVALS_DECIDE)
    @PostMapping("/ui/decisions/confirm")
    String confirmDecision(@AuthenticationPrincipal Caller caller, @RequestParam String runId, @RequestParam String action,
            @RequestParam String reason, Model model, RedirectAttributes redirect) {
        if (reason.isBlank() || !ACTIONS.contains(action)) {
            redirect.addFlashAttribute("problem", "Choose retry, rollback, skip or abort, and say why.");
            return "redirect:/ui/approvals";
        }
        Ui.common(model, caller);
        model.addAttribute("runId", Ui.runId(runId).value().toString());
        model.addAttribute("action", action);
        model.addAttribute("reason", reason.strip());
        return "ui/confirm-decision";
    }

    @RequiresPermission(Permission.APPROVALS_DECIDE)
    @PostMapping("/ui/decisions/decide")
    String decideAfterFailure(@AuthenticationPrincipal Caller caller, @RequestParam String runId, @RequestParam String action,
            @RequestParam String reason, RedirectAttributes redirect) {
        if (reason.isBlank() || reason.length() > 500 || !ACTIONS.contains(action)) {
            redirect.addFlashAttribute("problem", "Choose retry, rollback, skip or abort, and say why in at most 500 characters.");
            return "redirect:/ui/approvals";
        }
        desk.decideAfterFailure(caller, Ui.runId(runId), action, reason.strip());
        redirect.addFlashAttribute("notice", "Decided: " + action + ".");
        return "redirect:/ui/runs/" + Ui.runId(runId).value();
    }

    private void fill(Caller caller, Model model) {
        List<PendingApprovalView> waiting = pending.of(caller.tenant()).stream()
                .sorted(Comparator.comparing(PendingApprovalView::deadline, Comparator.nullsLast(Comparator.naturalOrder()))).toList();
        model.addAttribute("pending", waiting.stream().map(pause -> card(caller, pause)).toList());
        model.addAttribute("failed", runs.list(caller.tenant(), Optional.of(RunStatus.AWAITING_DECISION), Optional.empty(), 100).runs());
        model.addAttribute("me", caller.actor().qualifiedName());
        model.addAttribute("canDecide", permissions.permissionsOf(caller.tenant(), caller.roles()).contains(Permission.APPROVALS_DECIDE));
    }

    /** A pause with what an approver weighs: the plan, the evidence given, and the operational risk score with its parts. */
    record PauseCard(PendingApprovalView pause, List<String> plan, List<String> evidence, String risk) {
    }

    private PauseCard card(Caller caller, PendingApprovalView pause) {
        Run run = runs.get(caller.tenant(), Ui.runId(pause.runId()));
        List<String> plan = run.steps().stream()
                .map(step -> step.name() + " (" + step.skill() + (step.optional() ? ", optional" : "") + ")").toList();
        List<String> evidence = run.evidence().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + ": " + shortened(String.valueOf(e.getValue()))).toList();
        String risk = run.gates().stream().filter(g -> g.gate().equals("OPERATIONS")).map(GateResult::reason).findFirst().orElse(null);
        return new PauseCard(pause, plan, evidence, risk);
    }

    private static String shortened(String value) {
        return value.length() <= EVIDENCE_SHOWN ? value : value.substring(0, EVIDENCE_SHOWN) + "…";
    }
}

package io.cku.app.ui;

import java.util.Arrays;
import java.util.Optional;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.cku.app.views.RunViews;
import io.cku.app.web.RequiresPermission;
import io.cku.auth.Caller;
import io.cku.orchestrator.RunId;
import io.cku.orchestrator.RunManagement;
import io.cku.orchestrator.RunManagement.RunListing;
import io.cku.orchestrator.RunStatus;
import io.cku.policy.Permission;
import io.cku.policy.RolePermissions;
import io.cku.shared.api.RunView;
import io.swagger.v3.oas.annotations.Hidden;

/** The runs of the caller's tenant: the list with its filter and pages, one run's page, and cancelling. */
@Hidden
@Controller
class UiRuns {

    private static final int PAGE = 25;

    private final RunManagement runs;
    private final RunViews views;
    private final RolePermissions permissions;

    UiRuns(RunManagement runs, RunViews views, RolePermissions permissions) {
        this.runs = runs;
        this.views = views;
        this.permissions = permissions;
    }

    @RequiresPermission(Permission.RUNS_READ)
    @GetMapping("/ui/runs")
    String list(@AuthenticationPrincipal Caller caller, @RequestParam Optional<String> status, @RequestParam Optional<String> cursor,
            Model model) {
        Optional<RunStatus> chosen = status.filter(s -> !s.isBlank()).flatMap(UiRuns::status);
        RunListing listing = runs.list(caller.tenant(), chosen, cursor.filter(c -> !c.isBlank()), PAGE);
        Ui.common(model, caller);
        model.addAttribute("runs", listing.runs().stream().map(views::summary).toList());
        model.addAttribute("next", listing.nextCursor().orElse(null));
        model.addAttribute("status", chosen.map(Enum::name).orElse(""));
        model.addAttribute("statuses", Arrays.stream(RunStatus.values()).map(Enum::name).toList());
        return "ui/runs";
    }

    @RequiresPermission(Permission.RUNS_READ)
    @GetMapping("/ui/runs/{id}")
    String run(@AuthenticationPrincipal Caller caller, @PathVariable String id, Model model) {
        Ui.common(model, caller);
        show(caller, id, model);
        return "ui/run";
    }

    /** The run's changing part, re-read by the page on each of its events. */
    @RequiresPermission(Permission.RUNS_READ)
    @GetMapping("/ui/runs/{id}/timeline")
    String timeline(@AuthenticationPrincipal Caller caller, @PathVariable String id, Model model) {
        show(caller, id, model);
        return "ui/run :: timeline";
    }

    @RequiresPermission(Permission.RUNS_CANCEL)
    @PostMapping("/ui/runs/{id}/cancel")
    String cancel(@AuthenticationPrincipal Caller caller, @PathVariable String id, @RequestParam Optional<String> reason,
            RedirectAttributes redirect) {
        RunId run = Ui.runId(id);
        runs.cancel(caller.actor(), run, reason.filter(r -> !r.isBlank()).map(r -> r.length() > 500 ? r.substring(0, 500) : r).orElse(null));
        redirect.addFlashAttribute("notice", "The run was cancelled.");
        return "redirect:/ui/runs/" + run.value();
    }

    private void show(Caller caller, String id, Model model) {
        RunView run = views.view(runs.getVersioned(caller.tenant(), Ui.runId(id)));
        model.addAttribute("run", run);
        model.addAttribute("ended", RunStatus.valueOf(run.status()).isTerminal());
        model.addAttribute("canCancel", permissions.permissionsOf(caller.tenant(), caller.roles()).contains(Permission.RUNS_CANCEL));
    }

    private static Optional<RunStatus> status(String value) {
        try {
            return Optional.of(RunStatus.valueOf(value.trim()));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // an unknown filter shows every run, and the form shows none chosen
        }
    }
}

package io.cku.app.ui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.cku.app.views.RunViews;
import io.cku.app.web.RequiresPermission;
import io.cku.app.wiring.GovernanceGates;
import io.cku.auth.Caller;
import io.cku.governance.Evidence;
import io.cku.orchestrator.Run;
import io.cku.orchestrator.RunManagement;
import io.cku.policy.Permission;
import io.cku.policy.RolePermissions;
import io.cku.shared.InvalidRequest;
import io.cku.shared.Mode;
import io.cku.shared.api.GateView;
import io.cku.shared.api.RunRequest;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A new run from the browser: a plan pasted as YAML or JSON (the body of {@code POST /runs}, as a CLI plan file), the
 * mode and labels chosen, the dry run's decisions shown before submitting, then the new run's live page.
 */
@Hidden
@Controller
class UiNewRun {

    /** YAML reads JSON too; a field the request does not have is an error, as in the CLI. */
    private static final ObjectMapper PLANS = YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    static final String EXAMPLE = """
            intent: release payments 4.2
            evidence: {coverage: 0.91, lint: passed}
            plan:
              steps:
                - {name: deploy, skill: noop}
                - {name: verify, skill: noop}
            """;

    private final RunManagement runs;
    private final GovernanceGates gates;
    private final RolePermissions permissions;

    UiNewRun(RunManagement runs, GovernanceGates gates, RolePermissions permissions) {
        this.runs = runs;
        this.gates = gates;
        this.permissions = permissions;
    }

    @RequiresPermission(Permission.RUNS_SUBMIT)
    @GetMapping("/ui/runs/new")
    String form(@AuthenticationPrincipal Caller caller, Model model) {
        Ui.common(model, caller);
        model.addAttribute("plan", EXAMPLE);
        model.addAttribute("mode", "dev");
        model.addAttribute("labels", "");
        return "ui/new-run";
    }

    @RequiresPermission(Permission.RUNS_SUBMIT)
    @PostMapping("/ui/runs/new")
    String submit(@AuthenticationPrincipal Caller caller, @RequestParam String plan, @RequestParam String mode,
            @RequestParam(defaultValue = "") String labels, @RequestParam String action, Model model, HttpServletResponse response) {
        Ui.common(model, caller);
        model.addAttribute("plan", plan);
        model.addAttribute("mode", mode);
        model.addAttribute("labels", labels);
        try {
            RunRequest request = request(plan, mode, labels);
            if ("evaluate".equals(action)) {
                Run preview = runs.preview(caller.actor(), request);
                List<GateView> decisions = gates.preview(preview).stream().map(RunViews::view).toList();
                model.addAttribute("decisions", decisions);
                return "ui/new-run";
            }
            if (Mode.PROD.wireName().equals(request.mode())
                    && !permissions.permissionsOf(caller.tenant(), caller.roles()).contains(Permission.RUNS_SUBMIT_PROD)) {
                return refused(model, response, 403, List.of("a prod run needs permission runs:submit:prod, which your roles do not grant"));
            }
            Run run = runs.submit(caller.actor(), request, Optional.empty()).run();
            return "redirect:/ui/runs/" + run.id().value();
        } catch (InvalidRequest e) {
            return refused(model, response, 400, e.violations().stream().map(v -> v.field() + ": " + v.message()).toList());
        } catch (JacksonException e) {
            String where = e.getLocation() == null || e.getLocation().getLineNr() < 1 ? "" : " (line " + e.getLocation().getLineNr() + ")";
            return refused(model, response, 400, List.of("the plan is not a run request" + where + ": " + e.getOriginalMessage()));
        }
    }

    private static String refused(Model model, HttpServletResponse response, int status, List<String> problems) {
        response.setStatus(status);
        model.addAttribute("problems", problems);
        return "ui/new-run";
    }

    /** The pasted request, with the form's mode and labels, and its CI reports summarised as the API does. */
    private static RunRequest request(String plan, String mode, String labels) {
        RunRequest pasted = plan.isBlank() ? null : PLANS.readValue(plan, RunRequest.class);
        if (pasted == null) {
            throw InvalidRequest.of("plan", "paste a run request: intent, and plan.steps");
        }
        Map<String, String> allLabels = new LinkedHashMap<>(pasted.labels() == null ? Map.of() : pasted.labels());
        for (String pair : labels.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals < 1) {
                throw InvalidRequest.of("labels", "write labels as key=value, separated by commas; was '" + pair.strip() + "'");
            }
            allLabels.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
        }
        return Evidence.withAttachmentsSummarised(new RunRequest(pasted.intent(), mode.isBlank() ? pasted.mode() : mode, pasted.plan(),
                pasted.evidence(), allLabels.isEmpty() ? null : allLabels));
    }
}

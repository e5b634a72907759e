package io.cku.app.ui;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

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
import io.cku.orchestrator.RunManagement.RunFilter;
import io.cku.orchestrator.RunManagement.RunListing;
import io.cku.orchestrator.RunStatus;
import io.cku.policy.Permission;
import io.cku.policy.RolePermissions;
import io.cku.shared.Mode;
import io.cku.shared.api.RunSummary;
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
    String list(@AuthenticationPrincipal Caller caller, @RequestParam Map<String, String> query, Model model) {
        Ui.common(model, caller);
        listing(caller, query, model);
        model.addAttribute("statuses", Arrays.stream(RunStatus.values()).map(Enum::name).toList());
        model.addAttribute("modes", Arrays.stream(Mode.values()).map(Mode::wireName).toList());
        return "ui/runs";
    }

    /** The list's changing part (counts and rows), re-read by the page when runs change. */
    @RequiresPermission(Permission.RUNS_READ)
    @GetMapping("/ui/runs/listing")
    String listingFragment(@AuthenticationPrincipal Caller caller, @RequestParam Map<String, String> query, Model model) {
        listing(caller, query, model);
        return "ui/runs :: listing";
    }

    private void listing(Caller caller, Map<String, String> query, Model model) {
        RunFilter filter = new RunFilter(given(query, "status").flatMap(UiRuns::status), given(query, "mode").flatMap(Mode::fromWireName),
                given(query, "submitter"), given(query, "label"), given(query, "q"));
        RunListing listing = runs.list(caller.tenant(), filter, given(query, "cursor"), PAGE);
        Map<RunStatus, Long> counts = runs.countByStatus(caller.tenant(), filter);
        Map<String, String> kept = new LinkedHashMap<>();
        filter.mode().ifPresent(m -> kept.put("mode", m.wireName()));
        filter.submitter().ifPresent(v -> kept.put("submitter", v));
        filter.label().ifPresent(v -> kept.put("label", v));
        filter.text().ifPresent(v -> kept.put("q", v));
        Map<String, String> shown = new LinkedHashMap<>(kept);
        filter.status().ifPresent(s -> shown.put("status", s.name()));
        model.addAttribute("runs", listing.runs().stream().map(run -> new RunRow(views.summary(run), run.submitter().qualifiedName())).toList());
        model.addAttribute("counts", counts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new StatusCount(e.getKey().name(), e.getValue(), link("/ui/runs", with(kept, "status", e.getKey().name()))))
                .toList());
        model.addAttribute("total", counts.values().stream().mapToLong(Long::longValue).sum());
        model.addAttribute("allLink", link("/ui/runs", kept));
        model.addAttribute("filter", shown);
        model.addAttribute("status", filter.status().map(Enum::name).orElse(""));
        model.addAttribute("listingLink", link("/ui/runs/listing", with(shown, "cursor", given(query, "cursor").orElse(null))));
        model.addAttribute("nextLink", listing.nextCursor().map(next -> link("/ui/runs", with(shown, "cursor", next))).orElse(null));
    }

    /** A row of the list: the API's summary of a run, and who submitted it. */
    record RunRow(RunSummary run, String submittedBy) {
    }

    /** A count at the top of the list, and the list of runs in that status. */
    record StatusCount(String status, long runs, String link) {
    }

    private static Optional<String> given(Map<String, String> query, String name) {
        return Optional.ofNullable(query.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static Map<String, String> with(Map<String, String> query, String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(query);
        if (value != null) {
            more.put(name, value);
        }
        return more;
    }

    private static String link(String path, Map<String, String> query) {
        StringJoiner parameters = new StringJoiner("&", path + "?", "").setEmptyValue(path);
        query.forEach((name, value) -> parameters.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return parameters.toString();
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
        Set<Permission> granted = permissions.permissionsOf(caller.tenant(), caller.roles());
        model.addAttribute("canCancel", granted.contains(Permission.RUNS_CANCEL));
        model.addAttribute("canAudit", granted.contains(Permission.AUDIT_READ));
    }

    private static Optional<RunStatus> status(String value) {
        try {
            return Optional.of(RunStatus.valueOf(value.trim()));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // an unknown filter shows every run, and the form shows none chosen
        }
    }
}

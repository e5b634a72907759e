package io.cku.app.ui;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.cku.app.approvals.PendingApprovals;
import io.cku.app.events.EventStreams;
import io.cku.app.views.RunViews;
import io.cku.app.web.AnyCaller;
import io.cku.app.web.PublicRoute;
import io.cku.app.web.RequiresPermission;
import io.cku.audit.AuditReader;
import io.cku.audit.ChainHealth;
import io.cku.auth.Caller;
import io.cku.healing.CircuitBreakers;
import io.cku.orchestrator.RunBacklog;
import io.cku.orchestrator.RunManagement;
import io.cku.orchestrator.RunManagement.RunFilter;
import io.cku.orchestrator.RunStatus;
import io.cku.policy.Permission;
import io.cku.policy.RolePermissions;
import io.cku.realtime.EventHub;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The pages that are not about one run: the way in, the home page, the header's live parts and their event stream. */
@Hidden
@Controller
class UiPages {

    /** What the header listens for: anything that may change a run's state or what waits for people. */
    static final List<String> LIVE_TYPES = List.of("run.", "gate.", "approval.", "step.", "decision.");

    private final RunManagement runs;
    private final RunViews views;
    private final PendingApprovals pending;
    private final EventStreams streams;
    private final RunBacklog backlog;
    private final CircuitBreakers circuits;
    private final ChainHealth chain;
    private final RolePermissions permissions;
    private final AuditReader auditLog;

    UiPages(RunManagement runs, RunViews views, PendingApprovals pending, EventStreams streams, RunBacklog backlog, CircuitBreakers circuits,
            ChainHealth chain, RolePermissions permissions, AuditReader auditLog) {
        this.runs = runs;
        this.views = views;
        this.pending = pending;
        this.streams = streams;
        this.backlog = backlog;
        this.circuits = circuits;
        this.chain = chain;
        this.permissions = permissions;
        this.auditLog = auditLog;
    }

    @AnyCaller("the root only sends a signed-in browser on to the control plane")
    @GetMapping({"/", "/ui"})
    String root() {
        return "redirect:/ui/";
    }

    @PublicRoute("the sign-in form is where a browser gets an identity")
    @GetMapping("/ui/login")
    String login(@RequestParam Optional<String> error, @RequestParam Optional<String> logout, @RequestParam Optional<String> ended,
            Model model) {
        model.addAttribute("failed", error.isPresent());
        model.addAttribute("ended", ended.isPresent());
        model.addAttribute("signedOut", logout.isPresent());
        return "ui/login";
    }

    @RequiresPermission(Permission.RUNS_READ)
    @GetMapping("/ui/")
    String dashboard(@AuthenticationPrincipal Caller caller, Model model) {
        Ui.common(model, caller);
        home(caller, model);
        return "ui/dashboard";
    }

    /** The home page's changing part, re-read when runs change. */
    @RequiresPermission(Permission.RUNS_READ)
    @GetMapping("/ui/home")
    String homeFragment(@AuthenticationPrincipal Caller caller, Model model) {
        home(caller, model);
        return "ui/dashboard :: home";
    }

    private void home(Caller caller, Model model) {
        Instant now = Instant.now();
        Map<RunStatus, Long> counts = runs.countByStatus(caller.tenant(), RunFilter.ANY);
        model.addAttribute("recent", runs.list(caller.tenant(), Optional.empty(), Optional.empty(), 10).runs().stream()
                .map(views::summary).toList());
        model.addAttribute("waiting", pending.of(caller.tenant()).size());
        model.addAttribute("awaitingDecision", counts.getOrDefault(RunStatus.AWAITING_DECISION, 0L));
        model.addAttribute("active", Arrays.stream(RunStatus.values()).filter(s -> !s.isTerminal())
                .map(s -> new Count(s.name(), counts.getOrDefault(s, 0L))).toList());
        model.addAttribute("chart", Charts.outcomes(runs.outcomesPerHour(caller.tenant(), now.minus(Duration.ofHours(24))), now, 24));
        model.addAttribute("queueAge", String.format("%.1f s", backlog.snapshot().oldestWaiting().toMillis() / 1000.0));
        model.addAttribute("circuits", circuits.states(caller.tenant().value(), now).stream()
                .map(c -> new Circuit(c.key().skill(), c.key().target(), c.stateAt(now), c.consecutiveFailures(),
                        c.openUntil().filter(now::isBefore).orElse(null)))
                .toList());
        boolean auditor = permissions.permissionsOf(caller.tenant(), caller.roles()).contains(Permission.AUDIT_READ);
        model.addAttribute("audit", auditor ? chain.latest() : null);
        model.addAttribute("auditEntries", auditor ? auditLog.size() : 0);
    }

    /** A number of runs in a status. */
    record Count(String status, long runs) {
    }

    /** A circuit as the home page shows it: {@code openUntil} set only while open. */
    record Circuit(String skill, String target, String state, int failures, Instant openUntil) {
    }

    /** The header's badge: how many pauses wait for a decision in the caller's tenant. */
    @RequiresPermission(Permission.RUNS_READ)
    @GetMapping("/ui/approvals/count")
    String waitingCount(@AuthenticationPrincipal Caller caller, Model model) {
        model.addAttribute("waiting", pending.of(caller.tenant()).size());
        return "ui/fragments :: badge";
    }

    /** The tenant's events from now on, for the page's live parts (htmx's SSE extension re-reads them on each). */
    @RequiresPermission(Permission.RUNS_READ)
    @GetMapping(path = "/ui/events", produces = "text/event-stream")
    void events(@AuthenticationPrincipal Caller caller, @RequestParam Optional<String> runId, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        String run = runId.map(Ui::runId).map(Object::toString).orElse(null);
        streams.tenant(caller.tenant(), "ui:" + caller.tenant() + "/" + caller.actor().qualifiedName(), LIVE_TYPES, run, EventHub.FROM_NOW,
                request, response);
    }
}

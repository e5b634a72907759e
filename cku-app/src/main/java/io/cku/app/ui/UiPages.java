package io.cku.app.ui;

import java.io.IOException;
import java.util.List;
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
import io.cku.auth.Caller;
import io.cku.orchestrator.RunManagement;
import io.cku.orchestrator.RunStatus;
import io.cku.policy.Permission;
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

    UiPages(RunManagement runs, RunViews views, PendingApprovals pending, EventStreams streams) {
        this.runs = runs;
        this.views = views;
        this.pending = pending;
        this.streams = streams;
    }

    @AnyCaller("the root only sends a signed-in browser on to the control plane")
    @GetMapping({"/", "/ui"})
    String root() {
        return "redirect:/ui/";
    }

    @PublicRoute("the sign-in form is where a browser gets an identity")
    @GetMapping("/ui/login")
    String login(@RequestParam Optional<String> error, @RequestParam Optional<String> logout, Model model) {
        model.addAttribute("failed", error.isPresent());
        model.addAttribute("signedOut", logout.isPresent());
        return "ui/login";
    }

    @RequiresPermission(Permission.RUNS_READ)
    @GetMapping("/ui/")
    String dashboard(@AuthenticationPrincipal Caller caller, Model model) {
        Ui.common(model, caller);
        model.addAttribute("recent", runs.list(caller.tenant(), Optional.empty(), Optional.empty(), 10).runs().stream()
                .map(views::summary).toList());
        model.addAttribute("waiting", pending.of(caller.tenant()).size());
        model.addAttribute("awaitingDecision", runs.list(caller.tenant(), Optional.of(RunStatus.AWAITING_DECISION), Optional.empty(), 100)
                .runs().size());
        return "ui/dashboard";
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

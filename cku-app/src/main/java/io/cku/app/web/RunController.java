package io.cku.app.web;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.cku.app.wiring.GovernanceGates;
import io.cku.auth.Caller;
import io.cku.governance.Evidence;
import io.cku.orchestrator.Run;
import io.cku.orchestrator.RunId;
import io.cku.orchestrator.RunManagement;
import io.cku.orchestrator.RunManagement.RunListing;
import io.cku.orchestrator.RunManagement.Submission;
import io.cku.orchestrator.RunStatus;
import io.cku.policy.Permission;
import io.cku.shared.InvalidRequest;
import io.cku.shared.Mode;
import io.cku.shared.api.GateEvaluation;
import io.cku.shared.api.GateView;
import io.cku.shared.api.RunPage;
import io.cku.shared.api.RunRequest;
import io.cku.shared.api.RunView;

@RestController
@RequestMapping("/runs")
class RunController {

    private final RunManagement runs;
    private final RunViews views;
    private final PermissionInterceptor permissions;
    private final GovernanceGates gates;

    RunController(RunManagement runs, RunViews views, PermissionInterceptor permissions, GovernanceGates gates) {
        this.runs = runs;
        this.views = views;
        this.permissions = permissions;
        this.gates = gates;
    }

    @RequiresPermission(Permission.RUNS_SUBMIT)
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RunView> submit(@AuthenticationPrincipal Caller caller, @RequestBody RunRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        if (Mode.PROD.wireName().equals(request.mode())) {
            permissions.require(Permission.RUNS_SUBMIT_PROD);
        }
        Submission submission = runs.submit(caller.actor(), withEvidenceSummarised(request), Optional.ofNullable(idempotencyKey));
        RunView view = views.view(submission.run());
        if (!submission.created()) {
            return ResponseEntity.ok().location(location(view)).body(view);
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(location(view)).body(view);
    }

    /** A dry run: every gate's decision on this request for this caller now; nothing is stored. */
    @RequiresPermission(Permission.RUNS_SUBMIT)
    @PostMapping(path = "/evaluate", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    GateEvaluation evaluate(@AuthenticationPrincipal Caller caller, @RequestBody RunRequest request) {
        Run run = runs.preview(caller.actor(), withEvidenceSummarised(request));
        List<GateView> decisions = gates.preview(run).stream().map(RunViews::view).toList();
        String verdict = decisions.stream().map(GateView::decision).filter(d -> !d.equals("PASS")).findFirst().orElse("PASS");
        return new GateEvaluation(run.mode().wireName(), verdict, decisions);
    }

    @RequiresPermission(Permission.RUNS_READ)
    @GetMapping("/{id}")
    RunView get(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return views.view(runs.get(caller.tenant(), RunId.parse(id)));
    }

    @RequiresPermission(Permission.RUNS_READ)
    @GetMapping
    RunPage list(@AuthenticationPrincipal Caller caller, @RequestParam Optional<String> status, @RequestParam Optional<String> cursor,
            @RequestParam(defaultValue = "20") String limit) {
        RunListing listing = runs.list(caller.tenant(), status.map(RunController::status), cursor, number(limit));
        return new RunPage(listing.runs().stream().map(views::summary).toList(), listing.nextCursor().orElse(null));
    }

    @RequiresPermission(Permission.RUNS_CANCEL)
    @PostMapping(path = "/{id}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
    RunView cancel(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return views.view(runs.cancel(caller.actor(), RunId.parse(id)));
    }

    /** CI reports attached to the evidence become their summary before the run is validated and stored. */
    private static RunRequest withEvidenceSummarised(RunRequest request) {
        if (request.evidence() == null) {
            return request;
        }
        return new RunRequest(request.intent(), request.mode(), request.plan(), Evidence.withAttachmentsSummarised(request.evidence()),
                request.labels());
    }

    private static URI location(RunView view) {
        return URI.create("/runs/" + view.id());
    }

    private static RunStatus status(String value) {
        try {
            return RunStatus.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw InvalidRequest.of("status", "must be one of " + Arrays.toString(RunStatus.values()) + "; was '" + value + "'");
        }
    }

    private static int number(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw InvalidRequest.of("limit", "must be a whole number; was '" + value + "'");
        }
    }
}

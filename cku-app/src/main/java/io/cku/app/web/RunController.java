package io.cku.app.web;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.HttpHeaders;
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
import org.springframework.web.context.request.async.DeferredResult;

import io.cku.app.views.RunViews;
import io.cku.app.wiring.GovernanceGates;
import io.cku.auth.Caller;
import io.cku.governance.Evidence;
import io.cku.orchestrator.Run;
import io.cku.orchestrator.RunId;
import io.cku.orchestrator.RunManagement;
import io.cku.orchestrator.RunManagement.RunListing;
import io.cku.orchestrator.RunManagement.VersionedRun;
import io.cku.orchestrator.RunManagement.Submission;
import io.cku.orchestrator.RunStatus;
import io.cku.policy.Permission;
import io.cku.shared.InvalidRequest;
import io.cku.shared.Mode;
import io.cku.shared.api.DecisionRequest;
import io.cku.shared.api.GateEvaluation;
import io.cku.shared.api.GateView;
import io.cku.shared.api.RunPage;
import io.cku.shared.api.RunRequest;
import io.cku.shared.api.RunView;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/runs")
@Tag(name = "Runs", description = "Submit governed runs, follow them, cancel them")
class RunController {

    /** A wait's timeout: seconds, or milliseconds with {@code ms}; at most 7 digits, so it cannot overflow. */
    private static final String WAIT_FOR_CHANGE_AFTER = "waitForChangeAfter";
    private static final int MAX_CANCEL_REASON = 500;

    private static final Pattern TIMEOUT = Pattern.compile("(\\d{1,7})(s|ms)?");

    private final RunManagement runs;
    private final RunViews views;
    private final RunWaits waits;
    private final PermissionInterceptor permissions;
    private final GovernanceGates gates;

    RunController(RunManagement runs, RunViews views, RunWaits waits, PermissionInterceptor permissions, GovernanceGates gates) {
        this.runs = runs;
        this.views = views;
        this.waits = waits;
        this.permissions = permissions;
        this.gates = gates;
    }

    @Operation(summary = "Submit a run", description = """
            Validates the whole request (every problem at once), stores the run `PENDING` and answers at once; workers then \
            ask the gates and execute the steps. A run in mode `prod` also needs permission `runs:submit:prod`.""")
    @ApiResponse(responseCode = "202", description = "Accepted: the run as stored, `PENDING`")
    @ApiResponse(responseCode = "200", description = "The run this `Idempotency-Key` submitted before, with the same body",
            headers = @Header(name = HttpHeaders.LOCATION, description = "Where the run can be read", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "409", description = "The `Idempotency-Key` was used before with another body (`idempotency-conflict`)")
    @RequiresPermission(Permission.RUNS_SUBMIT)
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RunView> submit(@AuthenticationPrincipal Caller caller, @RequestBody RunRequest request,
            @Parameter(description = "Makes retrying a submission safe: the same key (per tenant) with the same body answers the "
                    + "first run with 200; 1-200 characters", example = "deploy-4711")
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        if (Mode.PROD.wireName().equals(request.mode())) {
            permissions.require(Permission.RUNS_SUBMIT_PROD);
        }
        Submission submission = runs.submit(caller.actor(), Evidence.withAttachmentsSummarised(request), Optional.ofNullable(idempotencyKey));
        RunView view = views.view(submission.created() ? new VersionedRun(submission.run(), VersionedRun.FIRST)
                : runs.getVersioned(caller.tenant(), submission.run().id()));
        if (!submission.created()) {
            return ResponseEntity.ok().location(location(view)).body(view);
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(location(view)).body(view);
    }

    /** A dry run: every gate's decision on this request for this caller now; nothing is stored. */
    @Operation(summary = "Dry run: what every gate would decide now", description = "Takes the body of `POST /runs`; nothing is stored.")
    @RequiresPermission(Permission.RUNS_SUBMIT)
    @PostMapping(path = "/evaluate", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    GateEvaluation evaluate(@AuthenticationPrincipal Caller caller, @RequestBody RunRequest request) {
        Run run = runs.preview(caller.actor(), Evidence.withAttachmentsSummarised(request));
        List<GateView> decisions = gates.preview(run).stream().map(RunViews::view).toList();
        String verdict = decisions.stream().map(GateView::decision).filter(d -> !d.equals("PASS")).findFirst().orElse("PASS");
        return new GateEvaluation(run.mode().wireName(), verdict, decisions);
    }

    @Operation(summary = "Read a run, or wait for it to change", description = """
            Its state, every gate decision, approval, step and healing action, and its `version`, which grows with every \
            stored change of the run.

            A long poll for clients that cannot follow events: with `waitForChangeAfter` set to a `version` seen before, the \
            answer comes at once if the run's version is greater, else when the run changes (through any instance) or \
            `timeout` passes, whichever is first. Either way it is `200` with the run, and header `CKU-Changed` says whether \
            the run changed after the given version. The wait holds no server thread; each instance lets \
            `cku.run-waits.max-waiters` requests wait at once and refuses more with `429` `too-many-waiters`.""")
    @ApiResponse(responseCode = "200", description = "The run (after a wait, as it is when it changed or the time was up)",
            headers = @Header(name = RunWaits.CHANGED, description = "Only with `waitForChangeAfter`: `true` when the run's "
                    + "version is greater than the given one, `false` when the wait timed out with the run unchanged",
                    schema = @Schema(type = "string", allowableValues = {"true", "false"})))
    @ApiResponse(responseCode = "429", description = "Too many requests from this caller or address (`rate-limited`), or too many "
            + "waiting on this instance (`too-many-waiters`); retry after `Retry-After`",
            headers = @Header(name = HttpHeaders.RETRY_AFTER, description = "Seconds until a request would be let in again",
                    schema = @Schema(type = "integer")))
    @Parameter(name = "waitForChangeAfter", in = ParameterIn.QUERY, description = "Wait until the run's `version` is greater "
            + "than this one (a whole number, at least 0)", schema = @Schema(type = "integer", format = "int64", minimum = "0"),
            example = "7")
    @RequiresPermission(Permission.RUNS_READ)
    @GetMapping(path = "/{id}", params = "!" + WAIT_FOR_CHANGE_AFTER)
    RunView get(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @Parameter(description = "With `waitForChangeAfter`: how long to wait at most, in seconds (`30` or `30s`) or "
                    + "milliseconds (`500ms`); at most 60 s", schema = @Schema(type = "string", defaultValue = "30s", example = "30s"))
            @RequestParam Optional<String> timeout) {
        RunId run = RunId.parse(id);
        if (timeout.isPresent()) {
            throw InvalidRequest.of("timeout", "is the longest wait for a change, so it needs waitForChangeAfter");
        }
        return views.view(runs.getVersioned(caller.tenant(), run));
    }

    /**
     * {@link #get} with {@code waitForChangeAfter}: a mapping of its own, so that a plain read stays a plain request and only
     * a wait takes the asynchronous path (whose second dispatch runs the filter chain again).
     */
    @Hidden
    @RequiresPermission(Permission.RUNS_READ)
    @GetMapping(path = "/{id}", params = WAIT_FOR_CHANGE_AFTER)
    DeferredResult<ResponseEntity<RunView>> await(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @RequestParam(WAIT_FOR_CHANGE_AFTER) String waitForChangeAfter, @RequestParam Optional<String> timeout) {
        RunId run = RunId.parse(id);
        long after = version(waitForChangeAfter);
        Duration wait = timeout.map(RunController::timeout).orElse(RunWaits.DEFAULT_TIMEOUT);
        return waits.await(caller.tenant(), run, after, wait);
    }

    @Operation(summary = "List runs, newest first", description = """
            Cursor paging: pass the answer's `nextCursor` as `cursor` for the next page; `nextCursor` is null on the last.""")
    @RequiresPermission(Permission.RUNS_READ)
    @GetMapping
    RunPage list(@AuthenticationPrincipal Caller caller,
            @Parameter(description = "Only runs in this status", schema = @Schema(implementation = RunStatus.class))
            @RequestParam Optional<String> status,
            @Parameter(description = "The `nextCursor` of the previous page") @RequestParam Optional<String> cursor,
            @Parameter(description = "Runs per page", schema = @Schema(type = "integer", minimum = "1", maximum = "100", defaultValue = "20"))
            @RequestParam(defaultValue = "20") String limit) {
        RunListing listing = runs.list(caller.tenant(), status.map(RunController::status), cursor, number(limit));
        return new RunPage(listing.runs().stream().map(views::summary).toList(), listing.nextCursor().orElse(null));
    }

    @Operation(summary = "Cancel a run", description = """
            A run that has not ended becomes `CANCELLED`; a running step is stopped. An optional body `{"reason": "…"}` (at most \
            500 characters) says why: it is kept in the run's `reason` and `outcome` and so in the audit log.""")
    @ApiResponse(responseCode = "200", description = "The run, `CANCELLED`")
    @ApiResponse(responseCode = "409", description = "The run has ended already (`illegal-transition`)")
    @RequiresPermission(Permission.RUNS_CANCEL)
    @PostMapping(path = "/{id}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
    RunView cancel(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @RequestBody(required = false) DecisionRequest request) {
        RunId run = RunId.parse(id);
        String reason = request == null ? null : request.reason();
        if (reason != null && reason.length() > MAX_CANCEL_REASON) {
            throw InvalidRequest.of("reason", "must be at most " + MAX_CANCEL_REASON + " characters, had " + reason.length());
        }
        runs.cancel(caller.actor(), run, reason);
        return views.view(runs.getVersioned(caller.tenant(), run));
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

    private static long version(String value) {
        try {
            long version = Long.parseLong(value);
            if (version >= 0) {
                return version;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw InvalidRequest.of("waitForChangeAfter", "must be a run's version, a whole number of at least 0; was '" + value + "'");
    }

    private static Duration timeout(String value) {
        Matcher matcher = TIMEOUT.matcher(value);
        if (!matcher.matches()) {
            throw InvalidRequest.of("timeout", "must be seconds (30 or 30s) or milliseconds (500ms); was '" + value + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration timeout = "ms".equals(matcher.group(2)) ? Duration.ofMillis(amount) : Duration.ofSeconds(amount);
        if (timeout.compareTo(RunWaits.MAX_TIMEOUT) > 0) {
            throw InvalidRequest.of("timeout", "must be at most " + RunWaits.MAX_TIMEOUT.toSeconds() + "s; was '" + value + "'");
        }
        return timeout;
    }

    private static int number(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw InvalidRequest.of("limit", "must be a whole number; was '" + value + "'");
        }
    }
}

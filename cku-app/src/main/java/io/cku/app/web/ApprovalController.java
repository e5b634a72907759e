package io.cku.app.web;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.cku.app.views.RunViews;
import io.cku.app.approvals.ApprovalDesk;
import io.cku.app.approvals.PendingApprovals;
import io.cku.auth.Caller;
import io.cku.orchestrator.RunId;
import io.cku.orchestrator.RunManagement;
import io.cku.policy.Permission;
import io.cku.shared.api.DecisionRequest;
import io.cku.shared.api.HealingDecisionRequest;
import io.cku.shared.api.PendingApprovalView;
import io.cku.shared.api.RunView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** People decide on paused gates: the pending list of the caller's tenant, and approve or reject with a reason. */
@RestController
@Tag(name = "Approvals", description = "Decide on paused gates, checkpoint steps and runs waiting after a failure")
class ApprovalController {

    private static final String APPROVERS = "The caller must hold one of the mode's `approver-roles` and, unless the mode allows it, "
            + "not be the submitter (else 403 `not-an-approver`); the reason is recorded.";
    private static final String DECIDED = "The run after the decision";
    private static final String NOT_WAITING = "The run is not waiting for this decision (`illegal-transition`)";

    private final RunManagement runs;
    private final ApprovalDesk desk;
    private final PendingApprovals pending;
    private final RunViews views;

    ApprovalController(RunManagement runs, ApprovalDesk desk, PendingApprovals pending, RunViews views) {
        this.runs = runs;
        this.desk = desk;
        this.pending = pending;
        this.views = views;
    }

    @Operation(summary = "Runs of your tenant waiting for a decision", description = "Paused gates and checkpoint steps (`gate` STEP).")
    @RequiresPermission(Permission.APPROVALS_DECIDE)
    @GetMapping("/admin/approvals")
    List<PendingApprovalView> pending(@AuthenticationPrincipal Caller caller) {
        return pending.of(caller.tenant());
    }

    @Operation(summary = "Approve a paused gate", description = APPROVERS)
    @ApiResponse(responseCode = "200", description = DECIDED)
    @ApiResponse(responseCode = "409", description = NOT_WAITING)
    @RequiresPermission(Permission.APPROVALS_DECIDE)
    @PostMapping(path = "/admin/runs/{id}/gates/{gate}/approve", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    RunView approve(@AuthenticationPrincipal Caller caller, @PathVariable String id, @PathVariable String gate,
            @RequestBody DecisionRequest request) {
        desk.decide(caller, RunId.parse(id), gate, true, request.reason());
        return decided(caller, id);
    }

    @Operation(summary = "Reject a paused gate: the run ends REJECTED", description = APPROVERS)
    @ApiResponse(responseCode = "200", description = DECIDED)
    @ApiResponse(responseCode = "409", description = NOT_WAITING)
    @RequiresPermission(Permission.APPROVALS_DECIDE)
    @PostMapping(path = "/admin/runs/{id}/gates/{gate}/reject", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    RunView reject(@AuthenticationPrincipal Caller caller, @PathVariable String id, @PathVariable String gate,
            @RequestBody DecisionRequest request) {
        desk.decide(caller, RunId.parse(id), gate, false, request.reason());
        return decided(caller, id);
    }

    /** A person decides how a run waiting after a failure goes on: retry, rollback, skip or abort, with a reason. */
    @Operation(summary = "Decide how a run waiting after a failure goes on", description = APPROVERS)
    @ApiResponse(responseCode = "200", description = DECIDED)
    @ApiResponse(responseCode = "409", description = "The run is not `AWAITING_DECISION` (`illegal-transition`)")
    @RequiresPermission(Permission.APPROVALS_DECIDE)
    @PostMapping(path = "/admin/runs/{id}/decision", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    RunView decide(@AuthenticationPrincipal Caller caller, @PathVariable String id, @RequestBody HealingDecisionRequest request) {
        desk.decideAfterFailure(caller, RunId.parse(id), request.action(), request.reason());
        return decided(caller, id);
    }

    /** The run as stored after the decision, read again with its version (a worker may have taken it on already). */
    private RunView decided(Caller caller, String id) {
        return views.view(runs.getVersioned(caller.tenant(), RunId.parse(id)));
    }


    @Operation(summary = "Approve a checkpoint step", description = APPROVERS)
    @ApiResponse(responseCode = "200", description = DECIDED)
    @ApiResponse(responseCode = "409", description = NOT_WAITING)
    @RequiresPermission(Permission.APPROVALS_DECIDE)
    @PostMapping(path = "/admin/runs/{id}/steps/{step}/approve", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    RunView approveStep(@AuthenticationPrincipal Caller caller, @PathVariable String id, @PathVariable String step,
            @RequestBody DecisionRequest request) {
        desk.decideStep(caller, RunId.parse(id), step, true, request.reason());
        return decided(caller, id);
    }

    @Operation(summary = "Reject a checkpoint step", description = APPROVERS)
    @ApiResponse(responseCode = "200", description = DECIDED)
    @ApiResponse(responseCode = "409", description = NOT_WAITING)
    @RequiresPermission(Permission.APPROVALS_DECIDE)
    @PostMapping(path = "/admin/runs/{id}/steps/{step}/reject", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    RunView rejectStep(@AuthenticationPrincipal Caller caller, @PathVariable String id, @PathVariable String step,
            @RequestBody DecisionRequest request) {
        desk.decideStep(caller, RunId.parse(id), step, false, request.reason());
        return decided(caller, id);
    }

}

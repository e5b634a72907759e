package io.cku.app.ui;

import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

import io.cku.app.approvals.ApprovalDesk;
import io.cku.auth.AccountExists;
import io.cku.auth.AccountNotFound;
import io.cku.auth.OutsideTenant;
import io.cku.orchestrator.IllegalTransition;
import io.cku.policy.PolicyVersions;
import io.cku.orchestrator.RunNotFound;
import io.cku.shared.InvalidRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The pages' refusals as a page, with the status the API would answer: another tenant's run is simply not found, a decision
 * the caller may not take is refused, a run that moved on is a conflict. A refusal of the permission check itself (a role
 * without the permission) is the API's 403 problem, rendered before any page is chosen.
 */
@ControllerAdvice(assignableTypes = {UiPages.class, UiRuns.class, UiApprovals.class, UiNewRun.class, UiGovernance.class, UiAdmin.class})
class UiErrors {

    @ExceptionHandler(RunNotFound.class)
    String notFound(RunNotFound e, Model model, HttpServletResponse response) {
        return page(HttpStatus.NOT_FOUND, "No such run", "There is no run with this id in your tenant.", model, response);
    }

    @ExceptionHandler(PolicyVersions.PolicyVersionNotFound.class)
    String noSuchVersion(PolicyVersions.PolicyVersionNotFound e, Model model, HttpServletResponse response) {
        return page(HttpStatus.NOT_FOUND, "No such policy version", e.getMessage(), model, response);
    }

    @ExceptionHandler(AccountNotFound.class)
    String noSuchAccount(AccountNotFound e, Model model, HttpServletResponse response) {
        return page(HttpStatus.NOT_FOUND, "No such account", e.getMessage(), model, response);
    }

    @ExceptionHandler({AccountExists.class, OutsideTenant.class})
    String refusedAccount(RuntimeException e, Model model, HttpServletResponse response) {
        return page(e instanceof AccountExists ? HttpStatus.CONFLICT : HttpStatus.FORBIDDEN, "Not done", e.getMessage(), model, response);
    }

    @ExceptionHandler(ApprovalDesk.NotAnApprover.class)
    String notAnApprover(ApprovalDesk.NotAnApprover e, Model model, HttpServletResponse response) {
        return page(HttpStatus.FORBIDDEN, "You cannot decide this", e.getMessage(), model, response);
    }

    @ExceptionHandler(IllegalTransition.class)
    String moved(IllegalTransition e, Model model, HttpServletResponse response) {
        return page(HttpStatus.CONFLICT, "The run has moved on", e.getMessage(), model, response);
    }

    @ExceptionHandler(InvalidRequest.class)
    String invalid(InvalidRequest e, Model model, HttpServletResponse response) {
        String fields = e.violations().stream().map(v -> v.field() + ": " + v.message()).collect(Collectors.joining("; "));
        return page(HttpStatus.BAD_REQUEST, "Not a valid request", fields.isEmpty() ? e.getMessage() : fields + ".", model, response);
    }

    private static String page(HttpStatus status, String title, String detail, Model model, HttpServletResponse response) {
        response.setStatus(status.value());
        model.addAttribute("status", status.value());
        model.addAttribute("title", title);
        model.addAttribute("detail", detail);
        return "ui/error";
    }
}

package io.cku.app.web;

import java.net.URI;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import io.cku.realtime.TooManySubscribers;
import io.cku.app.approvals.ApprovalDesk;
import io.cku.app.metrics.AccessMetrics;
import io.cku.app.security.BodyTooLarge;
import io.cku.auth.AccountExists;
import io.cku.auth.AccountNotFound;
import io.cku.auth.BadCredentials;
import io.cku.auth.OutsideTenant;
import io.cku.auth.RefreshTokenRefused;
import io.cku.learning.Learning;
import io.cku.policy.PolicyVersions;
import io.cku.orchestrator.IdempotencyConflict;
import io.cku.orchestrator.IllegalTransition;
import io.cku.orchestrator.RunNotFound;
import io.cku.shared.InvalidRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;

/** The one place where errors become RFC 9457 Problem Details: a type, a title and a detail, never a stack trace. */
@RestControllerAdvice
class ProblemHandling extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandling.class);

    private final AccessMetrics metrics;

    ProblemHandling(AccessMetrics metrics) {
        this.metrics = metrics;
    }

    @ExceptionHandler(InvalidRequest.class)
    ProblemDetail invalid(InvalidRequest e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", e.getMessage());
        List<Map<String, String>> errors = e.violations().stream()
                .map(v -> Map.of("field", v.field(), "message", v.message())).toList();
        problem.setProperty("errors", errors);
        return problem;
    }

    @ExceptionHandler(RunNotFound.class)
    ProblemDetail notFound(RunNotFound e) {
        return problem(HttpStatus.NOT_FOUND, "run-not-found", "Run not found", e.getMessage());
    }

    @ExceptionHandler(IllegalTransition.class)
    ProblemDetail illegalTransition(IllegalTransition e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "illegal-transition", "Run is not in a state that allows this", e.getMessage());
        problem.setProperty("runStatus", e.status().name());
        return problem;
    }

    @ExceptionHandler(IdempotencyConflict.class)
    ProblemDetail idempotencyConflict(IdempotencyConflict e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "idempotency-conflict", "Idempotency key reused with a different body",
                e.getMessage());
        problem.setProperty("runId", e.existing().toString());
        return problem;
    }

    @ExceptionHandler(BadCredentials.class)
    ResponseEntity<ProblemDetail> badCredentials(BadCredentials e) {
        ProblemDetail problem = problem(HttpStatus.UNAUTHORIZED, "bad-credentials", "Login refused",
                "the username and password, or the API key, were not accepted");
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"cku\"").body(problem);
    }

    @ExceptionHandler(RefreshTokenRefused.class)
    ResponseEntity<ProblemDetail> refreshTokenRefused(RefreshTokenRefused e) {
        metrics.authenticationFailed("bad-refresh-token");
        ProblemDetail problem = problem(HttpStatus.UNAUTHORIZED, "invalid-refresh-token", "Refresh token refused", e.getMessage());
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"cku\"").body(problem);
    }

    @ExceptionHandler(PermissionDenied.class)
    ProblemDetail permissionDenied(PermissionDenied e) {
        return problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", e.getMessage());
    }

    @ExceptionHandler(ApprovalDesk.NotAnApprover.class)
    ProblemDetail notAnApprover(ApprovalDesk.NotAnApprover e) {
        return problem(HttpStatus.FORBIDDEN, "not-an-approver", "You may not decide on this run", e.getMessage());
    }

    @ExceptionHandler(PolicyVersions.PolicyVersionNotFound.class)
    ProblemDetail policyVersionNotFound(PolicyVersions.PolicyVersionNotFound e) {
        return problem(HttpStatus.NOT_FOUND, "policy-version-not-found", "Policy version not found", e.getMessage());
    }

    @ExceptionHandler(Learning.OutcomeNotFound.class)
    ProblemDetail outcomeNotFound(Learning.OutcomeNotFound e) {
        return problem(HttpStatus.NOT_FOUND, "outcome-not-found", "No outcome for that run", e.getMessage());
    }

    @ExceptionHandler(OutsideTenant.class)
    ProblemDetail outsideTenant(OutsideTenant e) {
        return problem(HttpStatus.FORBIDDEN, "outside-tenant", "Outside your tenant", e.getMessage());
    }

    @ExceptionHandler(AccountNotFound.class)
    ProblemDetail accountNotFound(AccountNotFound e) {
        return problem(HttpStatus.NOT_FOUND, "account-not-found", "Account not found", e.getMessage());
    }

    @ExceptionHandler(AccountExists.class)
    ProblemDetail accountExists(AccountExists e) {
        return problem(HttpStatus.CONFLICT, "account-exists", "Account exists already", e.getMessage());
    }

    @ExceptionHandler(TooManySubscribers.class)
    ResponseEntity<ProblemDetail> tooManyStreams(TooManySubscribers e) {
        ProblemDetail problem = problem(HttpStatus.TOO_MANY_REQUESTS, "too-many-streams", "Too many open event streams", e.getMessage());
        problem.setProperty("scope", e.scope());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, "5")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @ExceptionHandler(RunWaits.TooManyWaiters.class)
    ResponseEntity<ProblemDetail> tooManyWaiters(RunWaits.TooManyWaiters e) {
        ProblemDetail problem = problem(HttpStatus.TOO_MANY_REQUESTS, "too-many-waiters", "Too many requests waiting", e.getMessage());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
    }

    @ExceptionHandler(BodyTooLarge.class)
    ProblemDetail bodyTooLarge(BodyTooLarge e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Request body too large", e.getMessage());
    }

    /**
     * PostgreSQL refused a value the request carried (SQLSTATE class 22, data exception), such as a NUL character in a
     * string: the caller's mistake, and the failed statement stored nothing.
     */
    @ExceptionHandler(DataAccessException.class)
    ProblemDetail unstorable(DataAccessException e) {
        if (!(e.getMostSpecificCause() instanceof SQLException sql) || sql.getSQLState() == null || !sql.getSQLState().startsWith("22")) {
            return unexpected(e);
        }
        return problem(HttpStatus.BAD_REQUEST, "unstorable-value", "Value cannot be stored",
                "the request holds a value the database cannot store, such as a NUL character; nothing was changed");
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("request failed unexpectedly", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "The service failed to handle this request; nothing about it was changed by the failure. The log has the details.");
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        if (causedBy(e, BodyTooLarge.class)) {
            ProblemDetail problem = problem(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Request body too large",
                    "the request body is larger than the limit");
            return handleExceptionInternal(e, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
        }
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body", unreadable(e));
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
            WebRequest request) {
        if (body instanceof ProblemDetail problem
                && (problem.getType() == null || problem.getType().equals(URI.create("about:blank")))) {
            problem.setType(type(HttpStatus.valueOf(statusCode.value()).name().toLowerCase().replace('_', '-')));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static String unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof StreamConstraintsException limit) {
            return "the body exceeds a JSON limit: " + limit.getOriginalMessage();
        }
        if (cause instanceof StreamReadException read && read.getLocation() != null) {
            return "the body is not valid JSON (line " + read.getLocation().getLineNr() + ", column "
                    + read.getLocation().getColumnNr() + ")";
        }
        if (cause instanceof DatabindException bind && !bind.getPath().isEmpty()) {
            return "'" + path(bind) + "' has the wrong JSON type";
        }
        if (cause instanceof JacksonException) {
            return "the body is not valid JSON";
        }
        return "the request needs a JSON body";
    }

    private static String path(DatabindException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static ProblemDetail problem(HttpStatus status, String slug, String title, String detail) {
        return Problems.of(status, slug, title, detail);
    }

    private static URI type(String slug) {
        return Problems.type(slug);
    }
}

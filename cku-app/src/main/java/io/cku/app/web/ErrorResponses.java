package io.cku.app.web;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Renders errors that happen outside the controllers (the servlet container's and the request firewall's) as Problem
 * Details, replacing Spring Boot's default error page. Never a stack trace.
 */
@RestController
@Hidden
@PublicRoute("renders the error of a request that was already refused")
class ErrorResponses implements ErrorController {

    @RequestMapping(path = "/error", produces = MediaType.APPLICATION_PROBLEM_JSON_VALUE)
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        if (status == null) {
            status = code == null ? HttpStatus.NOT_FOUND : HttpStatus.INTERNAL_SERVER_ERROR;
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem(status));
    }

    /** The problem for an error the container or the firewall decided; {@link ContainerErrors} renders the same. */
    static ProblemDetail problem(HttpStatus status) {
        return Problems.of(status, status.name().toLowerCase().replace('_', '-'), status.getReasonPhrase(),
                status.is5xxServerError() ? "the service failed to handle this request" : "the request was refused: " + status.getReasonPhrase());
    }
}

package io.cku.app.web;

import static io.cku.app.web.ApiDescription.RATE_LIMIT_LIMIT;
import static io.cku.app.web.ApiDescription.RATE_LIMIT_REMAINING;
import static io.cku.app.web.ApiDescription.RATE_LIMIT_RESET;
import static io.cku.app.web.ApiDescription.sharedHeader;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.method.HandlerMethod;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;

/**
 * Writes into each operation what the code already says about its route: the permission its handler declares, the bearer
 * token every route but a public one needs, the problems the security chain and {@link ProblemHandling} answer with, and the
 * headers of its answers. So a new route needs only its {@code @Operation} summary and its records.
 */
final class RouteDocumentation implements OperationCustomizer {

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        PublicRoute open = PermissionInterceptor.publicRoute(handler);
        RequiresPermission permission = handler.getMethodAnnotation(RequiresPermission.class);
        AnyCaller anyCaller = handler.getMethodAnnotation(AnyCaller.class);
        operation.setDescription(join(operation.getDescription(), access(open, permission, anyCaller)));
        if (open == null) {
            operation.addSecurityItem(new SecurityRequirement().addList(ApiDescription.BEARER));
        }

        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        standardProblems(operation, open == null, permission != null).forEach(responses::putIfAbsent);
        responses.forEach(RouteDocumentation::complete);
        operation.setResponses(responses);
        return operation;
    }

    private static String access(PublicRoute open, RequiresPermission permission, AnyCaller anyCaller) {
        if (open != null) {
            return "Public: no token needed (" + open.value() + ").";
        }
        if (anyCaller != null) {
            return "Any authenticated caller: no permission needed (" + anyCaller.value() + ").";
        }
        return permission == null ? "Refused to everyone: this route declares no permission."
                : "Requires permission `" + permission.value().wireName() + "`.";
    }

    /** The problems a route can answer with, whatever it does: from the filters, the interceptor and the advice. */
    private static Map<String, ApiResponse> standardProblems(Operation operation, boolean needsToken, boolean needsPermission) {
        Map<String, ApiResponse> problems = new LinkedHashMap<>(requestProblems(operation));
        problems.put("401", problem(needsToken ? "No valid access token: `unauthenticated` or `invalid-token`"
                : "An Authorization header was sent with an invalid token (`invalid-token`)"));
        if (needsPermission) {
            problems.put("403", problem("The caller's roles do not grant the permission in their tenant (`forbidden`)"));
        }
        problems.put("429", problem("Too many requests from this caller or address (`rate-limited`); retry after `Retry-After`")
                .addHeaderObject(HttpHeaders.RETRY_AFTER, sharedHeader(HttpHeaders.RETRY_AFTER).getValue()));
        problems.put("500", problem("The service failed; the failure changed nothing (`internal-error`)"));
        return problems;
    }

    /** The problems of what the request carries: parameters, a path naming something, a body. */
    private static Map<String, ApiResponse> requestProblems(Operation operation) {
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        boolean body = operation.getRequestBody() != null;
        Map<String, ApiResponse> problems = new LinkedHashMap<>();
        if (body || !parameters.isEmpty()) {
            problems.put("400", problem("A parameter or the body is invalid: `invalid-request` lists every bad field under `errors`;"
                    + " `malformed-body` is a body that is not JSON of the expected shape"));
        }
        if (parameters.stream().anyMatch(parameter -> "path".equals(parameter.getIn()))) {
            problems.put("404", problem("Nothing by that id in the caller's tenant"));
        }
        if (body) {
            problems.put("413", problem("The body is larger than `cku.http.max-body-bytes` (`body-too-large`)"));
            problems.put("415", problem("The body's media type is not one the route takes"));
        }
        return problems;
    }

    /**
     * Every error answer is a problem, whatever the route produces otherwise (springdoc gives a declared error the route's
     * return type); answers that create something say where it is; answers report the rate limit.
     */
    private static void complete(String code, ApiResponse response) {
        HttpStatus status = HttpStatus.resolve(Integer.parseInt(code));
        if (status == null) {
            return;
        }
        if (status.isError()) {
            response.setContent(problemContent());
        }
        if (status == HttpStatus.CREATED || status == HttpStatus.ACCEPTED) {
            putIfAbsent(response, sharedHeader(HttpHeaders.LOCATION));
        }
        if (status.is2xxSuccessful() || status == HttpStatus.TOO_MANY_REQUESTS) {
            putIfAbsent(response, sharedHeader(RATE_LIMIT_LIMIT));
            putIfAbsent(response, sharedHeader(RATE_LIMIT_REMAINING));
            putIfAbsent(response, sharedHeader(RATE_LIMIT_RESET));
        }
    }

    private static void putIfAbsent(ApiResponse response, Map.Entry<String, Header> header) {
        if (response.getHeaders() == null || !response.getHeaders().containsKey(header.getKey())) {
            response.addHeaderObject(header.getKey(), header.getValue());
        }
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(problemContent());
    }

    private static Content problemContent() {
        return new Content().addMediaType(MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                new io.swagger.v3.oas.models.media.MediaType().schema(new Schema<>().$ref(ApiDescription.PROBLEM)));
    }

    private static String join(String description, String access) {
        return description == null || description.isBlank() ? access : description.strip() + "\n\n" + access;
    }
}

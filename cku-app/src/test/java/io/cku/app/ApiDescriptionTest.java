package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import io.cku.app.Api.Response;
import io.cku.app.web.AnyCaller;
import io.cku.app.web.RequiresPermission;
import tools.jackson.databind.JsonNode;

/**
 * The served OpenAPI description is true to the running application: every route a handler serves is described and nothing
 * else is, each with its permission, its bearer requirement and its problems; and anyone can read it, also in swagger-ui.
 */
class ApiDescriptionTest extends ServiceTest {

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    @Test
    void servesAnOpenApi31DescriptionWithoutAToken() {
        Response response = anonymous().get("/v3/api-docs");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.json().get("openapi").asString()).startsWith("3.1");
    }

    @Test
    void describesEveryRouteAHandlerServesAndNoOther() {
        Map<String, HandlerMethod> handled = handledRoutes();
        Map<String, JsonNode> described = describedOperations();

        assertThat(handled).hasSizeGreaterThanOrEqualTo(20);
        assertThat(described.keySet()).as("routes served but not described").containsAll(handled.keySet());
        assertThat(handled.keySet()).as("routes described that no handler serves").containsAll(described.keySet());
    }

    @Test
    void everyOperationHasASummaryItsPermissionItsSecurityAndItsProblems() {
        Map<String, HandlerMethod> handled = handledRoutes();
        SoftAssertions softly = new SoftAssertions();

        describedOperations().forEach((route, operation) -> {
            HandlerMethod handler = handled.get(route);
            if (handler == null) {
                return;
            }
            RequiresPermission permission = handler.getMethodAnnotation(RequiresPermission.class);
            boolean open = RoleMatrixTest.isPublic(handler);
            boolean anyCaller = handler.hasMethodAnnotation(AnyCaller.class);
            softly.assertThat(operation.path("summary").asString("")).as("summary of %s", route).isNotBlank();
            softly.assertThat(operation.path("responses").propertyNames()).as("answers of %s", route).anyMatch(code -> code.startsWith("2"));
            softly.assertThat(operation.path("description").asString(""))
                    .as("description of %s", route)
                    .contains(open ? "Public: no token needed" : anyCaller ? "Any authenticated caller: no permission needed"
                            : "Requires permission `" + permission.value().wireName() + "`");
            softly.assertThat(securitySchemes(operation)).as("security of %s", route).isEqualTo(open ? List.of() : List.of("bearerAuth"));
            softly.assertThat(problemStatuses(operation)).as("problem answers of %s", route).contains("401", "429", "500");
            if (!open && !anyCaller) {
                softly.assertThat(problemStatuses(operation)).as("problem answers of %s", route).contains("403");
            }
        });
        softly.assertAll();
    }

    @Test
    void theBearerSchemeAndTheProblemShapeAreDescribedOnce() {
        JsonNode components = description().get("components");

        assertThat(components.at("/securitySchemes/bearerAuth/type").asString()).isEqualTo("http");
        assertThat(components.at("/securitySchemes/bearerAuth/scheme").asString()).isEqualTo("bearer");
        assertThat(components.at("/securitySchemes/bearerAuth/bearerFormat").asString()).isEqualTo("JWT");
        assertThat(components.at("/schemas/Problem/properties").propertyNames())
                .contains("type", "title", "status", "detail", "instance", "errors");
        assertThat(components.at("/schemas/Problem/properties/errors/items/properties").propertyNames()).contains("field", "message");
    }

    @Test
    void describesTheIdempotencyKeyTheLocationRetryAfterAndCursorPaging() {
        JsonNode doc = description();
        JsonNode submit = doc.at("/paths/~1runs/post");
        JsonNode list = doc.at("/paths/~1runs/get");

        assertThat(parameterNames(submit, "header")).contains("Idempotency-Key");
        assertThat(submit.at("/responses/202/headers").propertyNames()).contains("Location", "RateLimit-Remaining");
        assertThat(submit.at("/responses/200/headers").propertyNames()).as("a replayed key").contains("Location");
        assertThat(submit.at("/responses/409/content").propertyNames()).containsExactly("application/problem+json");
        assertThat(submit.at("/responses/429/headers").propertyNames()).contains("Retry-After");
        assertThat(doc.at("/components/headers").propertyNames()).contains("Location", "Retry-After", "RateLimit-Limit",
                "RateLimit-Remaining", "RateLimit-Reset");
        assertThat(parameterNames(list, "query")).contains("limit", "cursor", "status");
        assertThat(doc.at("/components/schemas/RunPage/properties").propertyNames()).contains("items", "nextCursor");
        assertThat(doc.at("/paths/~1admin~1users/post/responses/201/headers").propertyNames()).contains("Location");
    }

    @Test
    void swaggerUiIsServedWithoutATokenUnderAPolicyThatLetsItRun() {
        Response redirect = anonymous().get("/swagger-ui.html");
        String page = redirect.location().orElseThrow();
        Response index = anonymous().get(page);
        Response initializer = anonymous().get("/swagger-ui/swagger-initializer.js");
        Response config = anonymous().get("/v3/api-docs/swagger-config");

        assertThat(redirect.status()).isEqualTo(302);
        assertThat(page).endsWith("/swagger-ui/index.html");
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.contentType()).startsWith("text/html");
        assertThat(index.body()).contains("<div id=\"swagger-ui\"></div>", "swagger-ui-bundle.js");
        assertThat(index.header("Content-Security-Policy").orElseThrow()).contains("script-src 'self'", "style-src 'self'",
                "connect-src 'self'").doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(initializer.body()).contains("/v3/api-docs/swagger-config");
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.json().get("url").asString()).isEqualTo("/v3/api-docs");
        assertThat(anonymous().get("/v3/api-docs").header("Content-Security-Policy").orElseThrow())
                .as("the description itself keeps the API's policy").startsWith("default-src 'none'");
    }

    @Test
    void readingTheDescriptionCountsAgainstTheRateLimitLikeAnyRequest() {
        Response response = anonymous().get("/v3/api-docs");

        assertThat(response.header("RateLimit-Limit")).contains("1000000");
        assertThat(response.header("RateLimit-Remaining")).isPresent();
    }

    private JsonNode description() {
        Response response = anonymous().get("/v3/api-docs");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    /** "METHOD /path" of every operation the description holds. */
    private Map<String, JsonNode> describedOperations() {
        Map<String, JsonNode> operations = new TreeMap<>();
        description().get("paths").properties().forEach(path -> path.getValue().properties().stream()
                .filter(method -> METHODS.contains(method.getKey()))
                .forEach(method -> operations.put(method.getKey().toUpperCase() + " " + path.getKey(), method.getValue())));
        return operations;
    }

    /** "METHOD /path" of every route a handler serves, but springdoc's own and the error page. */
    private Map<String, HandlerMethod> handledRoutes() {
        Map<String, HandlerMethod> routes = new TreeMap<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            if (RoleMatrixTest.isSpringdoc(handler) || ErrorController.class.isAssignableFrom(handler.getBeanType())
                    || handler.getBeanType().getPackageName().equals("io.cku.app.ui")) {
                return; // the web UI's pages are not part of the API (they are @Hidden from its description)
            }
            for (String pattern : info.getPathPatternsCondition().getPatternValues()) {
                info.getMethodsCondition().getMethods().forEach(method -> routes.put(method.name() + " " + normalised(pattern), handler));
            }
        });
        return routes;
    }

    /** Path variables without their regular expressions, and no trailing slash: the form OpenAPI paths take. */
    private static String normalised(String pattern) {
        String path = pattern.replaceAll("\\{([^}:]+):[^}]*}", "{$1}");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static List<String> securitySchemes(JsonNode operation) {
        List<String> schemes = new ArrayList<>();
        operation.path("security").forEach(requirement -> schemes.addAll(requirement.propertyNames()));
        return schemes;
    }

    private static List<String> problemStatuses(JsonNode operation) {
        List<String> statuses = new ArrayList<>();
        operation.path("responses").properties().forEach(response -> {
            if (response.getValue().path("content").has("application/problem+json")) {
                statuses.add(response.getKey());
            }
        });
        return statuses;
    }

    private static List<String> parameterNames(JsonNode operation, String in) {
        List<String> names = new ArrayList<>();
        operation.path("parameters").forEach(p -> {
            if (p.path("in").asString().equals(in)) {
                names.add(p.path("name").asString());
            }
        });
        return names;
    }
}

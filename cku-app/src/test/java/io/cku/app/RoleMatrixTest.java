package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import io.cku.app.Api.Response;
import io.cku.app.web.AnyCaller;
import io.cku.app.web.PublicRoute;
import io.cku.app.web.RequiresPermission;
import io.cku.policy.Permission;
import io.cku.policy.RolePermissions;
import io.cku.shared.Role;

/**
 * Built from the routes the application really registers: every route declares a permission (or is explicitly public), and
 * each role reaches exactly the routes the role table grants it, and gets 403 on the others.
 */
class RoleMatrixTest extends ServiceTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    private static final Map<Role, Api> CLIENTS = new EnumMap<>(Role.class);

    @BeforeAll
    static void noClientsYet() {
        CLIENTS.clear();
    }

    @Test
    void everyRegisteredRouteDeclaresAPermissionOrIsExplicitlyPublicOrForAnyCaller() {
        List<String> undeclared = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            boolean declared = handler.hasMethodAnnotation(RequiresPermission.class) || handler.hasMethodAnnotation(AnyCaller.class)
                    || isPublic(handler) || isSpringdoc(handler);
            if (!declared) {
                undeclared.add(info + " -> " + handler.getShortLogMessage());
            }
        });

        assertThat(undeclared).as("routes without @RequiresPermission, @AnyCaller or @PublicRoute").isEmpty();
        assertThat(routes()).hasSizeGreaterThanOrEqualTo(10);
    }

    @Test
    void eachRoleGetsExactlyWhatTheRoleTableGrants() {
        List<String> wrong = new ArrayList<>();
        for (Route route : routes()) {
            for (Role role : Role.values()) {
                boolean granted = RolePermissions.DEFAULTS.get(role).contains(route.permission());
                Response response = client(role).send(route.method(), route.path(), route.body(), route.headers());
                boolean refused = response.status() == 403;
                if (granted == refused || response.status() == 401 || response.status() >= 500 || (refused && !response.isProblem())) {
                    wrong.add(role + " " + route.method() + " " + route.path() + " (needs " + route.permission().wireName() + ") -> "
                            + response.status() + " " + response.body());
                }
            }
        }

        assertThat(wrong).as("role/route answers that disagree with the role table").isEmpty();
    }

    @Test
    void onlyAdminsMaySubmitProdRunsByDefault() {
        String prodRun = Api.noopRun(1).replace("\"mode\":\"dev\"", "\"mode\":\"prod\"");

        Response operator = client(Role.OPERATOR).post("/runs", prodRun);
        Response admin = client(Role.ADMIN).post("/runs", prodRun);

        assertThat(operator.status()).isEqualTo(403);
        assertThat(operator.json().get("detail").asString()).contains("runs:submit:prod");
        assertThat(admin.status()).isEqualTo(202);
    }

    @Test
    void configurationGrantsProdSubmissionToOperatorsOfOneTenant() {
        String prodRun = Api.noopRun(1).replace("\"mode\":\"dev\"", "\"mode\":\"prod\"");

        Response granted = userWith(PROD_OPERATORS_TENANT, "OPERATOR").post("/runs", prodRun);

        assertThat(granted.status()).isEqualTo(202);
    }

    private Api client(Role role) {
        return CLIENTS.computeIfAbsent(role, r -> userWith("default", r.name()));
    }

    private List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            RequiresPermission declared = handler.getMethodAnnotation(RequiresPermission.class);
            // the web UI's pages answer a bearer token with the sign-in page; UiHttpTest covers them per role
            if (declared != null && !handler.getBeanType().getPackageName().equals("io.cku.app.ui")) {
                routes.addAll(routes(info, declared.value()));
            }
        });
        return routes;
    }

    private static List<Route> routes(RequestMappingInfo info, Permission permission) {
        List<Route> routes = new ArrayList<>();
        Set<String> patterns = info.getPathPatternsCondition().getPatternValues();
        for (String pattern : patterns) {
            for (var method : info.getMethodsCondition().getMethods()) {
                // an event stream stays open; from an id beyond the stream it answers one reset event and ends
                String path = info.getProducesCondition().getProducibleMediaTypes().contains(org.springframework.http.MediaType.TEXT_EVENT_STREAM)
                        ? concrete(pattern) + "?after=900000000000" : concrete(pattern);
                routes.add(new Route(method.name(), path, permission));
            }
        }
        return routes;
    }

    /** Fills path variables with values that exist nowhere, so a permitted call answers 404 or 400 and changes nothing. */
    private static String concrete(String pattern) {
        return pattern.replace("{id}", UUID.randomUUID().toString()).replace("{username}", "nobody-" + UUID.randomUUID())
                .replace("{gate}", "plan_approval").replace("{step}", "sign-off").replace("{version}", "999999").replace("{runId}", UUID.randomUUID().toString());
    }

    /** springdoc's own handlers serve the API description, open to anyone while it is enabled (ApiDescriptionTest). */
    static boolean isSpringdoc(HandlerMethod handler) {
        return handler.getBeanType().getPackageName().startsWith("org.springdoc.");
    }

    static boolean isPublic(HandlerMethod handler) {
        return handler.hasMethodAnnotation(PublicRoute.class) || handler.getBeanType().isAnnotationPresent(PublicRoute.class);
    }

    /** One route with a body that is valid JSON but not a valid request, so nothing is created. */
    private record Route(String method, String path, Permission permission) {

        String body() {
            return method.equals("GET") || method.equals("DELETE") ? null : "{}";
        }

        Map<String, String> headers() {
            return body() == null ? Map.of() : Map.of("Content-Type", "application/json");
        }
    }
}

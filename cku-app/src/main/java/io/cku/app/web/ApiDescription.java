package io.cku.app.web;

import java.util.List;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * The parts of the OpenAPI description that no single handler declares: the bearer scheme, the problem shape every error
 * shares, and the headers several answers carry. {@link RouteDocumentation} refers each operation to them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "cku.api-docs.enabled", matchIfMissing = true)
class ApiDescription {

    static final String BEARER = "bearerAuth";
    static final String PROBLEM = "Problem";
    static final String RATE_LIMIT_LIMIT = "RateLimit-Limit";
    static final String RATE_LIMIT_REMAINING = "RateLimit-Remaining";
    static final String RATE_LIMIT_RESET = "RateLimit-Reset";

    @Bean
    OpenAPI openApi() {
        return new OpenAPI().info(new Info().title("Code Kit Ultra").version("v1").description("""
                Governed runs: submit a plan of steps, let the gates decide, approve what they pause, and read the audit chain.
                `POST /auth/token` gives a bearer token; every other route needs it and names the permission it checks.
                Every error is an RFC 9457 problem (`application/problem+json`)."""))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                                .description("An access token from `POST /auth/token`, valid 15 minutes by default"))
                        .addSchemas(PROBLEM, problem())
                        .addHeaders(HttpHeaders.LOCATION, header("The path that names what was created (run, account, policy version)",
                                new StringSchema().format("uri-reference").example("/runs/4f8e3b2a-0c1d-4e5f-9a8b-7c6d5e4f3a2b")))
                        .addHeaders(HttpHeaders.RETRY_AFTER, header("Seconds until a request would be let in again", seconds()))
                        .addHeaders(RATE_LIMIT_LIMIT, header("Requests per minute allowed to you (or your address)", new IntegerSchema()))
                        .addHeaders(RATE_LIMIT_REMAINING, header("Requests left in the current minute", new IntegerSchema()))
                        .addHeaders(RATE_LIMIT_RESET, header("Seconds until the bucket is full again", seconds())));
    }

    @Bean
    RouteDocumentation routeDocumentation() {
        return new RouteDocumentation();
    }

    /** RFC 9457 with this service's type URIs and, for validation errors, every bad field at once. */
    private static Schema<?> problem() {
        Schema<?> violation = new ObjectSchema().addProperty("field", new StringSchema().example("plan.steps[0].skill"))
                .addProperty("message", new StringSchema().example("a step names a skill, or gives an intent to route to one"));
        return new ObjectSchema().description("RFC 9457 Problem Details; some problems add members (`runStatus`, `runId`)")
                .addProperty("type", new StringSchema().format("uri").description("`urn:cku:problem:<slug>`")
                        .example("urn:cku:problem:invalid-request"))
                .addProperty("title", new StringSchema().example("Invalid request"))
                .addProperty("status", new IntegerSchema().example(400))
                .addProperty("detail", new StringSchema().description("What went wrong, for a person to act on"))
                .addProperty("instance", new StringSchema().format("uri-reference"))
                .addProperty("errors", new ArraySchema().items(violation).description("Every bad field (invalid-request only)"))
                .required(List.of("type", "title", "status"));
    }

    private static IntegerSchema seconds() {
        return (IntegerSchema) new IntegerSchema().minimum(java.math.BigDecimal.ONE).example(1);
    }

    private static Header header(String description, Schema<?> schema) {
        return new Header().description(description).schema(schema);
    }

    /** A reference to one of the shared headers above. */
    static Map.Entry<String, Header> sharedHeader(String name) {
        return Map.entry(name, new Header().$ref(name));
    }
}

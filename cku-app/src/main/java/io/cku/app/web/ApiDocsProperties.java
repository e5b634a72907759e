package io.cku.app.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The OpenAPI description ({@code /v3/api-docs}) and swagger-ui ({@code /swagger-ui.html}), which anyone may read without a
 * token, so a newcomer can learn the API before logging in. {@code application.yml} passes the switch on to springdoc.
 *
 * @param enabled false hides both: their paths are then handled by nothing, like any unknown path
 */
@ConfigurationProperties("cku.api-docs")
public record ApiDocsProperties(@DefaultValue("true") boolean enabled) {

    /** Where springdoc serves the description and swagger-ui. */
    public static final String[] PATHS = {"/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**"};

    /** swagger-ui's page, scripts and styles: a browser application, unlike every other answer of the service. */
    public static final String UI_PATHS = "/swagger-ui/**";

    /** Whether a handler is one of springdoc's own (the description, swagger-ui's configuration and its redirect). */
    static boolean isSpringdocHandler(Class<?> beanType) {
        return beanType.getPackageName().startsWith("org.springdoc.");
    }
}

package io.cku.app.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits on what a request may carry, and who may call from a browser.
 *
 * @param maxBodyBytes larger bodies are refused with 413
 * @param maxJsonDepth deepest nesting of JSON objects and arrays accepted
 * @param maxJsonStringChars longest JSON string (or field name) accepted
 * @param corsAllowedOrigins browser origins allowed to call the API; empty (the default) turns CORS off
 * @param metricsToken a static bearer token Prometheus may present to {@code /actuator/prometheus}; empty: only access
 *        tokens with {@code metrics:read} may scrape
 */
@ConfigurationProperties("cku.http")
public record HttpProperties(
        @DefaultValue("1048576") long maxBodyBytes,
        @DefaultValue("32") int maxJsonDepth,
        @DefaultValue("262144") int maxJsonStringChars,
        @DefaultValue List<String> corsAllowedOrigins,
        String metricsToken) {

    public HttpProperties {
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("cku.http.max-body-bytes must be at least 1024; was " + maxBodyBytes);
        }
        if (maxJsonDepth < 4 || maxJsonStringChars < 256) {
            throw new IllegalArgumentException("cku.http.max-json-depth must be at least 4 and cku.http.max-json-string-chars at least 256");
        }
        metricsToken = metricsToken == null ? "" : metricsToken;
    }
}

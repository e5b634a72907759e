package io.cku.app.security;

import java.io.IOException;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.session.DisableEncodeUrlFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import io.cku.app.metrics.AccessMetrics;
import io.cku.app.web.ApiDocsProperties;
import io.cku.auth.TokenVerifier;
import io.cku.policy.Permission;
import io.cku.policy.RolePermissions;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The one security filter chain. Stateless bearer tokens, no sessions, no cookies (so no CSRF), deny by default: only logging
 * in, refreshing a token, health, error rendering and (while {@code cku.api-docs.enabled}) the API description are open; every other route needs a
 * verified caller, and then the permission its handler declares ({@code io.cku.app.web.PermissionInterceptor}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final String CONTENT_SECURITY_POLICY = "Content-Security-Policy";
    /** Nothing but JSON is served, so a browser that renders an answer anyway may load nothing for it. */
    private static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";
    /**
     * swagger-ui is a browser application: its own scripts, styles and data: images (icons in its CSS), and calls back to this
     * service for the description and for "Try it out". No inline scripts or styles: swagger-ui 5.32 inserts one {@code <style>}
     * element, which this blocks, and renders the same as with 'unsafe-inline' (compared in headless Chromium).
     */
    private static final String SWAGGER_UI_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, TokenVerifier verifier, RolePermissions roles, ProblemWriter problems,
            HttpProperties limits, RateLimiter rateLimiter, ApiDocsProperties apiDocs, AccessMetrics metrics) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BodySizeLimitFilter(limits.maxBodyBytes(), problems), DisableEncodeUrlFilter.class)
                .addFilterBefore(new RateLimitFilter(rateLimiter, problems, RateLimitFilter.Scope.CLIENT_IP, metrics), DisableEncodeUrlFilter.class)
                .addFilterBefore(new BearerTokenFilter(verifier, roles, problems, limits.metricsToken(), metrics), AnonymousAuthenticationFilter.class)
                .addFilterAfter(new RateLimitFilter(rateLimiter, problems, RateLimitFilter.Scope.PRINCIPAL, metrics), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> {
                    requests.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                            .requestMatchers(HttpMethod.POST, "/auth/token", "/auth/refresh").permitAll()
                            .requestMatchers(HttpMethod.GET, "/version").permitAll()
                            .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                            .requestMatchers("/actuator/prometheus").hasAuthority(Permission.METRICS_READ.wireName())
                            .requestMatchers("/actuator/**").denyAll();
                    if (apiDocs.enabled()) {
                        requests.requestMatchers(HttpMethod.GET, ApiDocsProperties.PATHS).permitAll();
                    }
                    requests.anyRequest().authenticated();
                })
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> unauthenticated(problems, request, response))
                        .accessDeniedHandler((request, response, e) -> problems.write(request, response, HttpStatus.FORBIDDEN,
                                "forbidden", "Forbidden", "your roles do not grant access to this")))
                .headers(headers -> headers
                        .addHeaderWriter(contentSecurityPolicy(apiDocs))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)));
        if (limits.corsAllowedOrigins().isEmpty()) {
            http.cors(AbstractHttpConfigurer::disable);
        } else {
            http.cors(cors -> cors.configurationSource(cors(limits.corsAllowedOrigins())));
        }
        return http.build();
    }

    /** The API's policy, or swagger-ui's for swagger-ui's own files while it is enabled. */
    private static HeaderWriter contentSecurityPolicy(ApiDocsProperties apiDocs) {
        RequestMatcher swaggerUi = apiDocs.enabled() ? PathPatternRequestMatcher.pathPattern(ApiDocsProperties.UI_PATHS)
                : request -> false;
        return (request, response) -> response.setHeader(CONTENT_SECURITY_POLICY,
                swaggerUi.matches(request) ? SWAGGER_UI_POLICY : API_POLICY);
    }

    private static void unauthenticated(ProblemWriter problems, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"cku\"");
        problems.write(request, response, HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required",
                "send 'Authorization: Bearer <access token>'; POST /auth/token gives one");
    }

    private static UrlBasedCorsConfigurationSource cors(List<String> origins) {
        CorsConfiguration configuration = new CorsConfiguration();
        configuration.setAllowedOrigins(origins);
        configuration.setAllowedMethods(List.of("GET", "POST", "PATCH", "DELETE"));
        configuration.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, "Idempotency-Key"));
        configuration.setExposedHeaders(List.of(HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER, "RateLimit-Limit", "RateLimit-Remaining",
                "RateLimit-Reset"));
        configuration.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", configuration);
        return source;
    }
}

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
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.session.DisableEncodeUrlFilter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import io.cku.auth.TokenVerifier;
import io.cku.policy.Permission;
import io.cku.policy.RolePermissions;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The one security filter chain. Stateless bearer tokens, no sessions, no cookies (so no CSRF), deny by default: only logging
 * in, refreshing a token, health and error rendering are open; every other route needs a verified caller, and then the permission its handler
 * declares ({@code io.cku.app.web.PermissionInterceptor}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, TokenVerifier verifier, RolePermissions roles, ProblemWriter problems,
            HttpProperties limits, RateLimiter rateLimiter) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BodySizeLimitFilter(limits.maxBodyBytes(), problems), DisableEncodeUrlFilter.class)
                .addFilterBefore(new RateLimitFilter(rateLimiter, problems, RateLimitFilter.Scope.CLIENT_IP), DisableEncodeUrlFilter.class)
                .addFilterBefore(new BearerTokenFilter(verifier, roles, problems, limits.metricsToken()), AnonymousAuthenticationFilter.class)
                .addFilterAfter(new RateLimitFilter(rateLimiter, problems, RateLimitFilter.Scope.PRINCIPAL), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(HttpMethod.POST, "/auth/token", "/auth/refresh").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/actuator/prometheus").hasAuthority(Permission.METRICS_READ.wireName())
                        .requestMatchers("/actuator/**").denyAll()
                        .anyRequest().authenticated())
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> unauthenticated(problems, request, response))
                        .accessDeniedHandler((request, response, e) -> problems.write(request, response, HttpStatus.FORBIDDEN,
                                "forbidden", "Forbidden", "your roles do not grant access to this")))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)));
        if (limits.corsAllowedOrigins().isEmpty()) {
            http.cors(AbstractHttpConfigurer::disable);
        } else {
            http.cors(cors -> cors.configurationSource(cors(limits.corsAllowedOrigins())));
        }
        return http.build();
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

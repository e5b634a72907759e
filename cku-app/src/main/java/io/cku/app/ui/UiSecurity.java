package io.cku.app.ui;

import java.io.IOException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

import io.cku.app.security.CallerAuthentication;
import io.cku.auth.AccountDirectory;
import io.cku.auth.BadCredentials;
import io.cku.auth.Caller;
import io.cku.auth.Login;
import io.cku.auth.Sessions;
import io.cku.auth.TokenPair;
import io.cku.auth.TokenVerifier;
import io.cku.policy.RolePermissions;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The browser's own filter chain, before the API's: a form login with the users, passwords and lockout of
 * {@code /auth/token}, a server-side session (HttpOnly, SameSite=Lax cookie, 30 minutes idle), CSRF on every form and
 * htmx request, and a Content-Security-Policy that lets nothing run but this service's own files. The REST API keeps its
 * stateless bearer chain, without sessions or CSRF.
 */
@Configuration(proxyBeanMethods = false)
class UiSecurity {

    /** No inline script or style anywhere, nothing from elsewhere, no framing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

    private static final AccessDeniedHandler PROBLEM = new AccessDeniedHandlerImpl();

    @Bean
    @Order(1)
    SecurityFilterChain uiFilterChain(HttpSecurity http, Login login, TokenVerifier verifier, RolePermissions roles, Sessions sessions,
            AccountDirectory accounts)
            throws Exception {
        http.securityMatcher("/", "/ui", "/ui/**", "/webjars/**")
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/ui/login", "/ui/static/**", "/webjars/**").permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/ui/login").loginProcessingUrl("/ui/login").defaultSuccessUrl("/ui/", true)
                        .failureUrl("/ui/login?error"))
                .logout(logout -> logout.logoutUrl("/ui/logout").logoutSuccessUrl("/ui/login?logout")
                        .addLogoutHandler((request, response, authentication) -> {
                            if (authentication instanceof CallerAuthentication caller) {
                                sessions.revoke(caller.caller(), "signed out of the web UI");
                            }
                        }))
                .authenticationProvider(new PasswordLogin(login, verifier, roles))
                .addFilterBefore(new AccountCheck(accounts, roles), AuthorizationFilter.class)
                .exceptionHandling(refusals -> refusals.accessDeniedHandler(UiSecurity::refused))
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    /**
     * A refusal by the filters, before any page is chosen: in practice a form whose CSRF token is missing or stale. A page
     * for a browser, since a person reads it; the API's problem document for anything that does not ask for HTML.
     */
    private static void refused(HttpServletRequest request, HttpServletResponse response, AccessDeniedException refusal)
            throws IOException, ServletException {
        String accept = request.getHeader("Accept");
        if (accept == null || !accept.contains("text/html")) {
            PROBLEM.handle(request, response, refusal); // a program, not a browser: the API's problem document
            return;
        }
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("text/html;charset=UTF-8");
        boolean token = refusal instanceof CsrfException;
        response.getWriter().write("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Refused · CKU</title><link rel="stylesheet" href="/ui/static/cku.css"></head>
                <body><main class="card narrow"><h1>This request was refused</h1>
                <p>%s</p><p><a href="/ui/">Home</a></p></main></body></html>
                """.formatted(token ? "The form was sent without its security token, or with one that has expired (the page was open"
                        + " too long, or you signed in again meanwhile). Nothing was changed: go back, reload the page and try again."
                        : "You may not do this. Nothing was changed."));
    }

    /**
     * A browser login is a password login of {@code /auth/token}: the same lockout, the same audit entries. Its access
     * token is read once for the caller it names; the session (and its revocation at sign-out) is the login's own.
     */
    private record PasswordLogin(Login login, TokenVerifier verifier, RolePermissions roles) implements AuthenticationProvider {

        @Override
        public Authentication authenticate(Authentication attempt) {
            String client = attempt.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress() : "unknown";
            String password = attempt.getCredentials() == null ? "" : attempt.getCredentials().toString();
            if (attempt.getName().isBlank() || password.isEmpty() || attempt.getName().length() > 1024 || password.length() > 1024) {
                throw new BadCredentialsException("give a user name and a password");
            }
            try {
                TokenPair tokens = login.withPassword(attempt.getName().strip(), password, client);
                Caller caller = verifier.verify(tokens.access().value());
                return new CallerAuthentication(caller, roles.permissionsOf(caller.tenant(), caller.roles()));
            } catch (BadCredentials e) {
                throw new BadCredentialsException(e.getMessage());
            }
        }

        @Override
        public boolean supports(Class<?> type) {
            return UsernamePasswordAuthenticationToken.class.isAssignableFrom(type);
        }
    }
}

package io.cku.app.ui;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

import io.cku.app.security.CallerAuthentication;
import io.cku.auth.BadCredentials;
import io.cku.auth.Caller;
import io.cku.auth.Login;
import io.cku.auth.Sessions;
import io.cku.auth.TokenPair;
import io.cku.auth.TokenVerifier;
import io.cku.policy.RolePermissions;

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

    @Bean
    @Order(1)
    SecurityFilterChain uiFilterChain(HttpSecurity http, Login login, TokenVerifier verifier, RolePermissions roles, Sessions sessions)
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
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
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

package io.cku.app.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

import io.cku.app.metrics.AccessMetrics;
import io.cku.auth.Caller;
import io.cku.auth.InvalidToken;
import io.cku.auth.TokenVerifier;
import io.cku.policy.Permission;
import io.cku.policy.RolePermissions;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Turns {@code Authorization: Bearer <token>} into the request's {@link CallerAuthentication}. A request without the header
 * goes on anonymous (the chain decides whether that is allowed); a request with a bad token is answered 401 here.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    static final String PROMETHEUS = "/actuator/prometheus";
    private static final int MAX_TOKEN_CHARS = 8192;

    private final TokenVerifier verifier;
    private final RolePermissions roles;
    private final ProblemWriter problems;
    private final byte[] metricsToken;
    private final AccessMetrics metrics;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
    private final RequestAttributeSecurityContextRepository requestContexts = new RequestAttributeSecurityContextRepository();

    BearerTokenFilter(TokenVerifier verifier, RolePermissions roles, ProblemWriter problems, String metricsToken, AccessMetrics metrics) {
        this.verifier = verifier;
        this.metrics = metrics;
        this.roles = roles;
        this.problems = problems;
        this.metricsToken = metricsToken.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() > MAX_TOKEN_CHARS) {
            metrics.authenticationFailed(InvalidToken.Kind.BAD_TOKEN.wireName());
            refuse(request, response, "the Authorization header must be 'Bearer <access token>'");
            return;
        }
        try {
            authenticate(request, response, header.substring(7).trim());
        } catch (InvalidToken e) {
            metrics.authenticationFailed(e.kind().wireName());
            refuse(request, response, e.getMessage());
            return;
        }
        chain.doFilter(request, response);
    }

    private void authenticate(HttpServletRequest request, HttpServletResponse response, String token) {
        Authentication authentication = isScrapeToken(request, token)
                ? UsernamePasswordAuthenticationToken.authenticated("prometheus", null,
                        List.of(new SimpleGrantedAuthority(Permission.METRICS_READ.wireName())))
                : caller(verifier.verify(token));
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(authentication);
        contexts.setContext(context);
        // an answer given later (a long poll's DeferredResult) is written in an async dispatch, which this filter does not
        // see again: the chain reads the caller from the request there
        requestContexts.saveContext(context, request, response);
    }

    private CallerAuthentication caller(Caller caller) {
        return new CallerAuthentication(caller, roles.permissionsOf(caller.tenant(), caller.roles()));
    }

    private boolean isScrapeToken(HttpServletRequest request, String token) {
        return metricsToken.length > 0 && PROMETHEUS.equals(request.getRequestURI())
                && MessageDigest.isEqual(metricsToken, token.getBytes(StandardCharsets.UTF_8));
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String why) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"cku\", error=\"invalid_token\"");
        problems.write(request, response, HttpStatus.UNAUTHORIZED, "invalid-token", "Invalid access token", why);
    }
}

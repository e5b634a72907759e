package io.cku.app.security;

import java.io.IOException;
import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import io.cku.app.metrics.AccessMetrics;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Applies one of {@link RateLimiter}'s limits. The client-IP limit runs before tokens are checked, so guessing tokens or
 * passwords is limited too; the principal limit runs once the caller is known. Answers carry {@code RateLimit-Limit},
 * {@code RateLimit-Remaining} and {@code RateLimit-Reset} of the tighter bucket; a refused one is 429 with {@code Retry-After}.
 * Health checks are not counted.
 */
final class RateLimitFilter extends OncePerRequestFilter {

    /** Which bucket a filter draws from. */
    enum Scope { CLIENT_IP, PRINCIPAL }

    private final RateLimiter limiter;
    private final ProblemWriter problems;
    private final Scope scope;
    private final AccessMetrics metrics;

    RateLimitFilter(RateLimiter limiter, ProblemWriter problems, Scope scope, AccessMetrics metrics) {
        this.limiter = limiter;
        this.metrics = metrics;
        this.problems = problems;
        this.scope = scope;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith("/actuator/health");
    }

    @Override
    protected String getAlreadyFilteredAttributeName() {
        return super.getAlreadyFilteredAttributeName() + "." + scope;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        RateLimiter.Decision decision = decide(request);
        if (decision == null) {
            chain.doFilter(request, response);
            return;
        }
        report(response, decision);
        if (decision.allowed()) {
            chain.doFilter(request, response);
            return;
        }
        metrics.rateLimited(scope == Scope.PRINCIPAL ? "principal" : "ip");
        long retryAfter = seconds(decision.retryAfter());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
                "the limit of " + decision.limit() + " requests per minute " + (scope == Scope.PRINCIPAL ? "for you" : "from your address")
                        + " is used up; retry after " + retryAfter + " s");
    }

    private RateLimiter.Decision decide(HttpServletRequest request) {
        if (scope == Scope.CLIENT_IP) {
            return limiter.takeForClient(request.getRemoteAddr());
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof CallerAuthentication caller ? limiter.takeForPrincipal(caller.getName()) : null;
    }

    /** Sets the RateLimit headers unless an earlier filter reported a tighter bucket. */
    private static void report(HttpServletResponse response, RateLimiter.Decision decision) {
        String earlier = response.getHeader("RateLimit-Remaining");
        if (earlier != null && decision.allowed() && Long.parseLong(earlier) <= decision.remaining()) {
            return;
        }
        response.setHeader("RateLimit-Limit", Long.toString(decision.limit()));
        response.setHeader("RateLimit-Remaining", Long.toString(decision.remaining()));
        response.setHeader("RateLimit-Reset", Long.toString(seconds(decision.allowed() ? decision.reset() : decision.retryAfter())));
    }

    private static long seconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }
}

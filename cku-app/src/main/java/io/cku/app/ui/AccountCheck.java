package io.cku.app.ui;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

import io.cku.app.security.CallerAuthentication;
import io.cku.auth.AccountDirectory;
import io.cku.auth.Caller;
import io.cku.policy.RolePermissions;
import io.cku.shared.Role;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * Reads the signed-in account again on every request of a browser session, as the API does for every access token: a
 * user disabled meanwhile is signed out at their next click, and one given other roles has them at once.
 */
final class AccountCheck extends OncePerRequestFilter {

    private final AccountDirectory accounts;
    private final RolePermissions permissions;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    AccountCheck(AccountDirectory accounts, RolePermissions permissions) {
        this.accounts = accounts;
        this.permissions = permissions;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof CallerAuthentication signedIn) {
            Caller caller = signedIn.caller();
            Optional<Set<Role>> now = accounts.activeRoles(caller.actor());
            if (now.isEmpty()) {
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                SecurityContextHolder.clearContext();
                response.sendRedirect("/ui/login?ended");
                return;
            }
            if (!now.get().equals(caller.roles())) {
                Caller changed = new Caller(caller.actor(), now.get(), caller.tokenId(), caller.expiresAt(), caller.sessionId());
                SecurityContext context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(new CallerAuthentication(changed, permissions.permissionsOf(changed.tenant(), changed.roles())));
                SecurityContextHolder.setContext(context);
                contexts.saveContext(context, request, response);
            }
        }
        chain.doFilter(request, response);
    }
}

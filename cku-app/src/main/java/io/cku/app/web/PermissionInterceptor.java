package io.cku.app.web;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import io.cku.app.security.CallerAuthentication;
import io.cku.auth.Caller;
import io.cku.policy.Permission;
import io.cku.policy.RolePermissions;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Enforces each route's declared permission before its handler runs. Deny by default: a handler that declares nothing is
 * refused, so a new route cannot be reachable by accident. springdoc's handlers (the API description, which anyone may read)
 * are the one exception, and only while {@code cku.api-docs.enabled}.
 */
@Component
class PermissionInterceptor implements HandlerInterceptor {

    private final RolePermissions roles;
    private final ApiDocsProperties apiDocs;

    PermissionInterceptor(RolePermissions roles, ApiDocsProperties apiDocs) {
        this.roles = roles;
        this.apiDocs = apiDocs;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method) || request.getDispatcherType() == DispatcherType.ERROR
                || request.getDispatcherType() == DispatcherType.ASYNC) {
            return true; // an async dispatch (an event stream ending) continues a request that was let in already
        }
        if (publicRoute(method) != null) {
            return true;
        }
        if (apiDocs.enabled() && ApiDocsProperties.isSpringdocHandler(method.getBeanType())) {
            return true;
        }
        if (method.hasMethodAnnotation(AnyCaller.class)) {
            currentCaller();
            return true;
        }
        RequiresPermission declared = method.getMethodAnnotation(RequiresPermission.class);
        if (declared == null) {
            throw new PermissionDenied("this route declares no permission, so it is refused");
        }
        require(declared.value());
        return true;
    }

    /** The handler's {@link PublicRoute}, on the method or its controller; null when the route needs a caller. */
    static PublicRoute publicRoute(HandlerMethod method) {
        PublicRoute onMethod = method.getMethodAnnotation(PublicRoute.class);
        return onMethod != null ? onMethod : method.getBeanType().getAnnotation(PublicRoute.class);
    }

    /** Throws {@link PermissionDenied} unless the current caller's roles grant the permission in their tenant. */
    void require(Permission permission) {
        Caller caller = currentCaller();
        if (!roles.allows(caller.tenant(), caller.roles(), permission)) {
            throw new PermissionDenied("this needs permission '" + permission.wireName() + "', which roles " + caller.roles()
                    + " do not grant in tenant '" + caller.tenant() + "'");
        }
    }

    private static Caller currentCaller() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof CallerAuthentication caller) {
            return caller.caller();
        }
        throw new PermissionDenied("this route needs an authenticated caller");
    }
}

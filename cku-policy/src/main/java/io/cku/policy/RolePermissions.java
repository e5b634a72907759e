package io.cku.policy;

import static io.cku.policy.Permission.ADMIN;
import static io.cku.policy.Permission.APPROVALS_DECIDE;
import static io.cku.policy.Permission.AUDIT_READ;
import static io.cku.policy.Permission.METRICS_READ;
import static io.cku.policy.Permission.RUNS_CANCEL;
import static io.cku.policy.Permission.RUNS_READ;
import static io.cku.policy.Permission.RUNS_SUBMIT;
import static io.cku.policy.Permission.RUNS_SUBMIT_PROD;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.cku.shared.Role;
import io.cku.shared.TenantId;

/**
 * The role → permission table: the defaults below, replaced role by role by configuration ({@link PolicyProperties}).
 * The README's roles table documents {@link #DEFAULTS}; keep the two together.
 */
@Component
public class RolePermissions {

    /** What each role may do unless configuration says otherwise. */
    public static final Map<Role, Set<Permission>> DEFAULTS = Map.of(
            Role.VIEWER, EnumSet.of(RUNS_READ),
            Role.OPERATOR, EnumSet.of(RUNS_READ, RUNS_SUBMIT, RUNS_CANCEL),
            Role.APPROVER, EnumSet.of(RUNS_READ, APPROVALS_DECIDE, AUDIT_READ),
            Role.ADMIN, EnumSet.allOf(Permission.class));

    private final Map<Role, Set<Permission>> global;
    private final Map<TenantId, Map<Role, Set<Permission>>> perTenant = new HashMap<>();

    public RolePermissions(PolicyProperties properties) {
        this.global = merge(DEFAULTS, properties.roles(), "cku.policy.roles");
        properties.tenants().forEach((tenant, policy) -> {
            if (!TenantId.isValid(tenant)) {
                throw new IllegalStateException("cku.policy.tenants." + tenant + ": not a valid tenant id");
            }
            perTenant.put(new TenantId(tenant), merge(global, policy.roles(), "cku.policy.tenants." + tenant + ".roles"));
        });
    }

    /** Everything the roles grant in this tenant. */
    public Set<Permission> permissionsOf(TenantId tenant, Collection<Role> roles) {
        Map<Role, Set<Permission>> table = table(tenant);
        Set<Permission> granted = EnumSet.noneOf(Permission.class);
        roles.forEach(role -> granted.addAll(table.getOrDefault(role, Set.of())));
        return granted;
    }

    /** Whether any of the roles grants the permission in this tenant. */
    public boolean allows(TenantId tenant, Collection<Role> roles, Permission permission) {
        return permissionsOf(tenant, roles).contains(permission);
    }

    /** The effective table for one tenant. */
    public Map<Role, Set<Permission>> table(TenantId tenant) {
        return perTenant.getOrDefault(tenant, global);
    }

    private static Map<Role, Set<Permission>> merge(Map<Role, Set<Permission>> base, Map<String, List<String>> overrides,
            String property) {
        Map<Role, Set<Permission>> merged = new EnumMap<>(Role.class);
        base.forEach((role, permissions) -> merged.put(role, EnumSet.copyOf(permissions)));
        overrides.forEach((roleName, names) -> {
            Role role = Role.named(roleName).orElseThrow(() -> new IllegalStateException(
                    property + "." + roleName + ": unknown role; roles are " + List.of(Role.values())));
            merged.put(role, permissions(names, property + "." + roleName));
        });
        return Map.copyOf(merged);
    }

    private static Set<Permission> permissions(List<String> names, String property) {
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (String name : names) {
            permissions.add(Permission.fromWireName(name.trim()).orElseThrow(() -> new IllegalStateException(
                    property + ": unknown permission '" + name + "'; permissions are "
                            + Arrays.stream(Permission.values()).map(Permission::wireName).toList())));
        }
        return permissions;
    }
}

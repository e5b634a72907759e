package io.cku.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cku.policy.PolicyProperties.TenantPolicy;
import io.cku.shared.Role;
import io.cku.shared.TenantId;

class RolePermissionsTest {

    private static final TenantId ACME = new TenantId("acme");

    @Test
    void defaultsGrantWhatTheRolesTableSays() {
        RolePermissions table = new RolePermissions(new PolicyProperties(null, null));

        assertThat(table.permissionsOf(ACME, List.of(Role.VIEWER))).containsExactly(Permission.RUNS_READ);
        assertThat(table.permissionsOf(ACME, List.of(Role.OPERATOR)))
                .containsExactlyInAnyOrder(Permission.RUNS_READ, Permission.RUNS_SUBMIT, Permission.RUNS_CANCEL);
        assertThat(table.permissionsOf(ACME, List.of(Role.APPROVER)))
                .containsExactlyInAnyOrder(Permission.RUNS_READ, Permission.APPROVALS_DECIDE, Permission.AUDIT_READ);
        assertThat(table.permissionsOf(ACME, List.of(Role.ADMIN))).containsExactlyInAnyOrder(Permission.values());
        assertThat(table.allows(ACME, List.of(Role.OPERATOR), Permission.RUNS_SUBMIT_PROD)).isFalse();
    }

    @Test
    void rolesAddUp() {
        RolePermissions table = new RolePermissions(new PolicyProperties(null, null));

        assertThat(table.permissionsOf(ACME, List.of(Role.OPERATOR, Role.APPROVER))).contains(Permission.RUNS_SUBMIT,
                Permission.APPROVALS_DECIDE);
        assertThat(table.permissionsOf(ACME, List.of())).isEmpty();
    }

    @Test
    void configurationGrantsProdSubmissionToOperatorsOfOneTenantOnly() {
        RolePermissions table = new RolePermissions(new PolicyProperties(null, Map.of("acme",
                new TenantPolicy(Map.of("operator", List.of("runs:read", "runs:submit", "runs:cancel", "runs:submit:prod"))))));

        assertThat(table.allows(ACME, List.of(Role.OPERATOR), Permission.RUNS_SUBMIT_PROD)).isTrue();
        assertThat(table.allows(TenantId.DEFAULT, List.of(Role.OPERATOR), Permission.RUNS_SUBMIT_PROD)).isFalse();
    }

    @Test
    void aGlobalOverrideReplacesTheRolesDefaults() {
        RolePermissions table = new RolePermissions(new PolicyProperties(Map.of("VIEWER", List.of("runs:read", "audit:read")), null));

        assertThat(table.permissionsOf(ACME, List.of(Role.VIEWER))).containsExactlyInAnyOrder(Permission.RUNS_READ,
                Permission.AUDIT_READ);
    }

    @Test
    void refusesUnknownPermissionsAndRolesNamingTheProperty() {
        assertThatThrownBy(() -> new RolePermissions(new PolicyProperties(Map.of("VIEWER", List.of("runs:delete")), null)))
                .hasMessageContaining("cku.policy.roles.VIEWER").hasMessageContaining("runs:delete");
        assertThatThrownBy(() -> new RolePermissions(new PolicyProperties(Map.of("OWNER", List.of("runs:read")), null)))
                .hasMessageContaining("cku.policy.roles.OWNER").hasMessageContaining("unknown role");
    }
}

package io.cku.auth.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.cku.auth.AccountExists;
import io.cku.shared.Role;
import io.cku.shared.TenantId;
import io.cku.shared.api.ServiceAccountView;
import io.cku.shared.api.UserView;

/**
 * Tenants, users and service accounts in PostgreSQL. The accounts behind requests are remembered for
 * {@code cku.auth.account-memory} ({@link RecentReads}): every authenticated request checks its account, and one query each
 * was a third of a read's round trips.
 */
@Repository
class AccountRepository {

    /** More accounts than this making requests within one memory span: the memory starts over. */
    private static final int REMEMBERED = 10_000;

    private final JdbcClient jdbc;
    private final RecentReads<String, Optional<StoredUser>> recentUsers;
    private final RecentReads<UUID, Optional<StoredServiceAccount>> recentServiceAccounts;

    AccountRepository(JdbcClient jdbc, @Value("${cku.auth.account-memory:500ms}") Duration memory) {
        this.jdbc = jdbc;
        this.recentUsers = new RecentReads<>(memory, REMEMBERED, System::nanoTime);
        this.recentServiceAccounts = new RecentReads<>(memory, REMEMBERED, System::nanoTime);
    }

    /** Creates the tenant unless it exists; true when this call created it. */
    boolean ensureTenant(TenantId tenant, Instant now) {
        return jdbc.sql("INSERT INTO tenants (id, created_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING")
                .params(tenant.value(), Timestamp.from(now)).update() == 1;
    }

    boolean tenantExists(TenantId tenant) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM tenants WHERE id = ?)").param(tenant.value()).query(Boolean.class).single();
    }

    boolean anyUser() {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM users)").query(Boolean.class).single();
    }

    void insert(StoredUser user) {
        try {
            jdbc.sql("""
                    INSERT INTO users (username, tenant, password_hash, roles, enabled, created_by, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(user.username(), user.tenant().value(), user.passwordHash(), names(user.roles()), user.enabled(),
                            user.createdBy(), Timestamp.from(user.createdAt()), Timestamp.from(user.updatedAt()))
                    .update();
        } catch (DuplicateKeyException e) {
            throw new AccountExists("user '" + user.username() + "'");
        }
    }

    Optional<StoredUser> user(String username) {
        return jdbc.sql("SELECT * FROM users WHERE username = ?").param(username).query(AccountRepository::user).optional();
    }

    /** The user as read at most {@code cku.auth.account-memory} ago, or as changed through this instance since: for requests. */
    Optional<StoredUser> recentUser(String username) {
        return recentUsers.get(username, this::user);
    }

    List<StoredUser> users(TenantId tenant) {
        return jdbc.sql("SELECT * FROM users WHERE tenant = ? ORDER BY username").param(tenant.value())
                .query(AccountRepository::user).list();
    }

    void update(StoredUser user) {
        jdbc.sql("UPDATE users SET roles = ?, enabled = ?, updated_at = ? WHERE username = ?")
                .params(names(user.roles()), user.enabled(), Timestamp.from(user.updatedAt()), user.username()).update();
        recentUsers.forget(user.username());
    }

    void insert(StoredServiceAccount account, String keyHash) {
        try {
            jdbc.sql("""
                    INSERT INTO service_accounts (id, tenant, name, key_hash, roles, created_by, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""")
                    .params(account.id(), account.tenant().value(), account.name(), keyHash, names(account.roles()),
                            account.createdBy(), Timestamp.from(account.createdAt()))
                    .update();
        } catch (DuplicateKeyException e) {
            throw new AccountExists("service account '" + account.name() + "' in tenant '" + account.tenant() + "'");
        }
    }

    Optional<StoredServiceAccount> serviceAccountByKey(String keyHash) {
        return jdbc.sql("SELECT * FROM service_accounts WHERE key_hash = ?").param(keyHash)
                .query(AccountRepository::serviceAccount).optional();
    }

    Optional<StoredServiceAccount> serviceAccount(UUID id) {
        return jdbc.sql("SELECT * FROM service_accounts WHERE id = ?").param(id).query(AccountRepository::serviceAccount).optional();
    }

    /** Like {@link #recentUser}, for a service account. */
    Optional<StoredServiceAccount> recentServiceAccount(UUID id) {
        return recentServiceAccounts.get(id, this::serviceAccount);
    }

    /** The tenant's unrevoked service account of this name. */
    Optional<StoredServiceAccount> activeServiceAccount(TenantId tenant, String name) {
        return jdbc.sql("SELECT * FROM service_accounts WHERE tenant = ? AND name = ? AND revoked_at IS NULL")
                .params(tenant.value(), name).query(AccountRepository::serviceAccount).optional();
    }

    List<StoredServiceAccount> serviceAccounts(TenantId tenant) {
        return jdbc.sql("SELECT * FROM service_accounts WHERE tenant = ? ORDER BY name").param(tenant.value())
                .query(AccountRepository::serviceAccount).list();
    }

    /** Marks the account revoked unless it already is; true when this call revoked it. */
    boolean revoke(UUID id, Instant now) {
        boolean revoked = jdbc.sql("UPDATE service_accounts SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                .params(Timestamp.from(now), id).update() == 1;
        recentServiceAccounts.forget(id);
        return revoked;
    }

    private static String[] names(Set<Role> roles) {
        return roles.stream().map(Role::name).sorted().toArray(String[]::new);
    }

    private static Set<Role> roles(Array array) throws SQLException {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Object name : (Object[]) array.getArray()) {
            Role.named((String) name).ifPresent(roles::add);
        }
        return roles;
    }

    private static StoredUser user(ResultSet rs, int row) throws SQLException {
        return new StoredUser(rs.getString("username"), new TenantId(rs.getString("tenant")), rs.getString("password_hash"),
                roles(rs.getArray("roles")), rs.getBoolean("enabled"), rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }

    private static StoredServiceAccount serviceAccount(ResultSet rs, int row) throws SQLException {
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new StoredServiceAccount(rs.getObject("id", UUID.class), new TenantId(rs.getString("tenant")), rs.getString("name"),
                roles(rs.getArray("roles")), rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(),
                revoked == null ? null : revoked.toInstant());
    }

    /** A user row. */
    record StoredUser(String username, TenantId tenant, String passwordHash, Set<Role> roles, boolean enabled, String createdBy,
            Instant createdAt, Instant updatedAt) {

        StoredUser changed(Set<Role> newRoles, boolean nowEnabled, Instant now) {
            return new StoredUser(username, tenant, passwordHash, newRoles, nowEnabled, createdBy, createdAt, now);
        }

        UserView view() {
            return new UserView(username, tenant.value(), roles.stream().map(Role::name).sorted().toList(), enabled, createdBy,
                    createdAt, updatedAt);
        }
    }

    /** A service account row (its key hash stays in the database). */
    record StoredServiceAccount(UUID id, TenantId tenant, String name, Set<Role> roles, String createdBy, Instant createdAt,
            Instant revokedAt) {

        ServiceAccountView view(String apiKey) {
            return new ServiceAccountView(id.toString(), name, tenant.value(), roles.stream().map(Role::name).sorted().toList(),
                    createdBy, createdAt, revokedAt, apiKey);
        }
    }
}

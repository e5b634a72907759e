package io.cku.auth.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.cku.shared.TenantId;

/** Refresh tokens in PostgreSQL, by the hash of the token; a family is one login session. */
@Repository
class RefreshTokenRepository {

    private final JdbcClient jdbc;

    RefreshTokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(StoredRefreshToken token) {
        jdbc.sql("""
                INSERT INTO refresh_tokens (token_hash, family, username, tenant, issued_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?)""")
                .params(token.hash(), token.family(), token.username(), token.tenant().value(), Timestamp.from(token.issuedAt()),
                        Timestamp.from(token.expiresAt()))
                .update();
    }

    /**
     * The token, its row locked until the transaction ends: of two refreshes presenting the same token at once, the second
     * waits and then finds it used, so both cannot succeed.
     */
    Optional<StoredRefreshToken> lock(String hash) {
        return jdbc.sql("SELECT * FROM refresh_tokens WHERE token_hash = ? FOR UPDATE").param(hash)
                .query(RefreshTokenRepository::token).optional();
    }

    void markUsed(String hash, String replacedBy, Instant now) {
        jdbc.sql("UPDATE refresh_tokens SET used_at = ?, replaced_by = ? WHERE token_hash = ?")
                .params(Timestamp.from(now), replacedBy, hash).update();
    }

    void revokeFamily(UUID family, Instant now) {
        jdbc.sql("UPDATE refresh_tokens SET revoked_at = ? WHERE family = ? AND revoked_at IS NULL")
                .params(Timestamp.from(now), family).update();
    }

    /** Revokes every unexpired family of the user; returns those families. */
    Set<UUID> revokeFamiliesOf(String username, Instant now) {
        return Set.copyOf(jdbc.sql("""
                UPDATE refresh_tokens SET revoked_at = ? WHERE username = ? AND revoked_at IS NULL AND expires_at > ?
                RETURNING family""")
                .params(Timestamp.from(now), username, Timestamp.from(now)).query(UUID.class).list());
    }

    /** Deletes the tokens that have expired: a family expires as a whole, so no family loses part of its history. */
    int deleteExpired(Instant now) {
        return jdbc.sql("DELETE FROM refresh_tokens WHERE expires_at < ?").param(Timestamp.from(now)).update();
    }

    private static StoredRefreshToken token(ResultSet rs, int row) throws SQLException {
        return new StoredRefreshToken(rs.getString("token_hash"), rs.getObject("family", UUID.class), rs.getString("username"),
                new TenantId(rs.getString("tenant")), rs.getTimestamp("issued_at").toInstant(), rs.getTimestamp("expires_at").toInstant(),
                instant(rs.getTimestamp("used_at")), instant(rs.getTimestamp("revoked_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** A refresh token row; {@code usedAt} and {@code revokedAt} are null until it is used or its family revoked. */
    record StoredRefreshToken(String hash, UUID family, String username, TenantId tenant, Instant issuedAt, Instant expiresAt,
            Instant usedAt, Instant revokedAt) {

        static StoredRefreshToken issued(String hash, UUID family, String username, TenantId tenant, Instant now, Instant expiresAt) {
            return new StoredRefreshToken(hash, family, username, tenant, now, expiresAt, null, null);
        }
    }
}

package io.cku.auth.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** The table {@code revoked_sessions}: what every instance must refuse until it expires. */
@Repository
class RevocationRepository {

    /** The notification channel on which every recorded revocation is announced, once committed. */
    static final String CHANNEL = "cku_revocations";

    private final JdbcClient jdbc;

    RevocationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records a revocation. Revocations are inserted one transaction at a time (the advisory lock is held until commit), so
     * their ids become visible in increasing order: a reader that has seen id n has seen every id below it, and reading
     * "id greater than the last seen" misses nothing. Revocations are rare; the wait costs nothing. The other instances
     * are notified when the transaction commits ({@link #CHANNEL}).
     */
    void record(Revocation.Kind kind, String value, Instant expiresAt) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("a revocation is recorded inside a transaction, which holds the lock until it commits");
        }
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('revoked_sessions')), pg_notify('" + CHANNEL + "', '')").query().singleRow();
        jdbc.sql("INSERT INTO revoked_sessions (kind, value, expires_at) VALUES (?, ?, ?)")
                .params(kind.column(), value, Timestamp.from(expiresAt)).update();
    }

    /** The revocations recorded after id {@code seen}, oldest first. */
    List<Revocation> after(long seen) {
        return jdbc.sql("SELECT id, kind, value, expires_at FROM revoked_sessions WHERE id > ? ORDER BY id").param(seen)
                .query((rs, row) -> new Revocation(rs.getLong("id"), Revocation.Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)),
                        rs.getString("value"), rs.getTimestamp("expires_at").toInstant()))
                .list();
    }

    int deleteExpired(Instant now) {
        return jdbc.sql("DELETE FROM revoked_sessions WHERE expires_at < ?").param(Timestamp.from(now)).update();
    }

    /** One row: an access token ({@code jti}) or a session (refresh token family) refused until {@code expiresAt}. */
    record Revocation(long id, Kind kind, String value, Instant expiresAt) {

        enum Kind {
            TOKEN, SESSION;

            String column() {
                return name().toLowerCase(Locale.ROOT);
            }
        }
    }
}

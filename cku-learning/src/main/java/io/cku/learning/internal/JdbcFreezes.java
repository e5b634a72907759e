package io.cku.learning.internal;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Tenants whose policy learner is frozen. */
@Repository
class JdbcFreezes {

    private final JdbcClient jdbc;

    JdbcFreezes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean frozen(String tenant) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM learning_freezes WHERE tenant = ?)").param(tenant).query(Boolean.class).single();
    }

    void freeze(String tenant, String by, String reason, Instant at) {
        jdbc.sql("""
                INSERT INTO learning_freezes (tenant, frozen_by, reason, frozen_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (tenant) DO UPDATE SET frozen_by = excluded.frozen_by, reason = excluded.reason, frozen_at = excluded.frozen_at""")
                .params(tenant, by, reason, Timestamp.from(at)).update();
    }

    /** Whether the tenant was frozen. */
    boolean unfreeze(String tenant) {
        return jdbc.sql("DELETE FROM learning_freezes WHERE tenant = ?").param(tenant).update() == 1;
    }
}

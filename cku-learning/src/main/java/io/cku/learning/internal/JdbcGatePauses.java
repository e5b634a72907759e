package io.cku.learning.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Gates that paused runs and whether people approved them; what the always-approved gate report reads. */
@Repository
class JdbcGatePauses {

    private final JdbcClient jdbc;

    JdbcGatePauses(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** In the caller's transaction. A gate that pauses the same run again counts as approved only if every pause was. */
    void record(UUID runId, String tenant, String gate, boolean approved, Instant at) {
        jdbc.sql("""
                INSERT INTO learning_gate_pauses (run_id, gate, tenant, approved, resolved_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (run_id, gate) DO UPDATE SET approved = learning_gate_pauses.approved AND excluded.approved,
                    resolved_at = excluded.resolved_at""")
                .params(runId, gate, tenant, approved, Timestamp.from(at)).update();
    }

    /** Per gate, how many of the tenant's newest {@code runs} finished runs it paused, and how many of those pauses people approved. */
    record GateStats(String gate, long runs, long paused, long approved) {
    }

    List<GateStats> stats(String tenant, int runs) {
        return jdbc.sql("""
                WITH recent AS (SELECT run_id FROM learning_outcomes WHERE tenant = ? ORDER BY finished_at DESC LIMIT ?)
                SELECT p.gate, (SELECT count(*) FROM recent) AS runs, count(*) AS paused, count(*) FILTER (WHERE p.approved) AS approved
                FROM recent JOIN learning_gate_pauses p ON p.run_id = recent.run_id GROUP BY p.gate ORDER BY p.gate""")
                .params(tenant, runs)
                .query((rs, n) -> new GateStats(rs.getString("gate"), rs.getLong("runs"), rs.getLong("paused"), rs.getLong("approved")))
                .list();
    }
}

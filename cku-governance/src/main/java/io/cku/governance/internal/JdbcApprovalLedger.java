package io.cku.governance.internal;

import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.cku.governance.Approval;
import io.cku.governance.ApprovalLedger;
import io.cku.governance.GateName;
import io.cku.shared.TenantId;

@Repository
class JdbcApprovalLedger implements ApprovalLedger {

    private final JdbcClient jdbc;

    /** What the gate column holds for a decision on a checkpoint step. */
    private static final String STEP = "STEP";

    JdbcApprovalLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean record(UUID runId, TenantId tenant, Approval approval) {
        return jdbc.sql("""
                INSERT INTO run_approvals (run_id, tenant, gate, step, attempt, actor, approved, reason, decided_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (run_id, gate, step, attempt, actor) DO NOTHING""")
                .params(runId, tenant.value(), approval.gate() == null ? STEP : approval.gate().name(),
                        approval.step() == null ? "" : approval.step(), approval.attempt(), approval.actor(), approval.approved(),
                        approval.reason(), Timestamp.from(approval.decidedAt()))
                .update() == 1;
    }

    @Override
    public List<Approval> of(UUID runId) {
        return jdbc.sql("SELECT * FROM run_approvals WHERE run_id = ? ORDER BY decided_at, actor").param(runId)
                .query((rs, n) -> new Approval(STEP.equals(rs.getString("gate")) ? null : GateName.valueOf(rs.getString("gate")),
                        rs.getString("step").isEmpty() ? null : rs.getString("step"), rs.getInt("attempt"), rs.getString("actor"),
                        rs.getBoolean("approved"), rs.getString("reason"), rs.getTimestamp("decided_at").toInstant()))
                .list();
    }
}

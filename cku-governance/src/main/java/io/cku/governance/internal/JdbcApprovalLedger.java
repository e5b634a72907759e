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

    JdbcApprovalLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean record(UUID runId, TenantId tenant, Approval approval) {
        return jdbc.sql("""
                INSERT INTO run_approvals (run_id, tenant, gate, actor, approved, reason, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (run_id, gate, actor) DO NOTHING""")
                .params(runId, tenant.value(), approval.gate().name(), approval.actor(), approval.approved(), approval.reason(),
                        Timestamp.from(approval.decidedAt()))
                .update() == 1;
    }

    @Override
    public List<Approval> of(UUID runId) {
        return jdbc.sql("SELECT * FROM run_approvals WHERE run_id = ? ORDER BY decided_at, actor").param(runId)
                .query((rs, n) -> new Approval(GateName.valueOf(rs.getString("gate")), rs.getString("actor"), rs.getBoolean("approved"),
                        rs.getString("reason"), rs.getTimestamp("decided_at").toInstant()))
                .list();
    }
}

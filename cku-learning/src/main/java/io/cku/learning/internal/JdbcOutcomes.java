package io.cku.learning.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.cku.learning.Observation;
import io.cku.learning.Outcome;
import io.cku.learning.OutcomeKind;
import io.cku.shared.TenantId;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Outcomes as recorded, and the pending ones the learner takes a batch at a time. */
@Repository
class JdbcOutcomes {

    private static final TypeReference<List<Observation>> OBSERVATIONS = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    JdbcOutcomes(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** In the caller's transaction; a run already recorded is left as it is. Whether this call recorded it. */
    boolean record(Outcome outcome) {
        return jdbc.sql("""
                INSERT INTO learning_outcomes (run_id, tenant, mode, outcome, finished_at, observations)
                VALUES (?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT (run_id) DO NOTHING""")
                .params(outcome.runId(), outcome.tenant().value(), outcome.mode(), outcome.kind().wireName(),
                        Timestamp.from(outcome.finishedAt()), json.writeValueAsString(outcome.observations()))
                .update() == 1;
    }

    /** Up to {@code limit} outcomes not folded in yet, oldest first, locked so that no other instance takes them meanwhile. */
    List<Outcome> takePending(int limit) {
        return jdbc.sql("""
                SELECT run_id, tenant, mode, outcome, finished_at, observations::text AS observations FROM learning_outcomes
                WHERE processed_at IS NULL ORDER BY finished_at LIMIT ? FOR UPDATE SKIP LOCKED""")
                .param(limit)
                .query((rs, n) -> new Outcome(rs.getObject("run_id", UUID.class), new TenantId(rs.getString("tenant")), rs.getString("mode"),
                        OutcomeKind.fromWireName(rs.getString("outcome")), rs.getTimestamp("finished_at").toInstant(),
                        json.readValue(rs.getString("observations"), OBSERVATIONS)))
                .list();
    }

    /** A run's outcome in the tenant, locked; with whether it was folded in and whether it was invalidated. */
    record Recorded(Outcome outcome, boolean processed, boolean invalidated) {
    }

    java.util.Optional<Recorded> lock(String tenant, UUID runId) {
        return jdbc.sql("""
                SELECT run_id, tenant, mode, outcome, finished_at, observations::text AS observations, processed_at, invalidated_at
                FROM learning_outcomes WHERE run_id = ? AND tenant = ? FOR UPDATE""")
                .params(runId, tenant)
                .query((rs, n) -> new Recorded(new Outcome(rs.getObject("run_id", UUID.class), new TenantId(rs.getString("tenant")),
                        rs.getString("mode"), OutcomeKind.fromWireName(rs.getString("outcome")), rs.getTimestamp("finished_at").toInstant(),
                        json.readValue(rs.getString("observations"), OBSERVATIONS)), rs.getTimestamp("processed_at") != null,
                        rs.getTimestamp("invalidated_at") != null))
                .optional();
    }

    /** The outcome no longer counts: it is never folded in, and its runs are no rule's evidence. */
    void invalidate(UUID runId, String reason, Instant at) {
        jdbc.sql("UPDATE learning_outcomes SET invalidated_at = ?, invalidated_reason = ?, processed_at = coalesce(processed_at, ?) WHERE run_id = ?")
                .params(Timestamp.from(at), reason, Timestamp.from(at), runId).update();
    }

    void processed(List<UUID> runs, Instant at) {
        jdbc.sql("UPDATE learning_outcomes SET processed_at = ? WHERE run_id = ANY(?)")
                .params(Timestamp.from(at), runs.toArray(UUID[]::new)).update();
    }

    /** The newest runs of the tenant with a failed attempt at the skill on the target: a learned rule's evidence. */
    List<UUID> failedRuns(String tenant, String skill, String target, int limit) {
        String failed = json.writeValueAsString(List.of(java.util.Map.of("skill", skill, "target", target, "succeeded", false)));
        return jdbc.sql("""
                SELECT run_id FROM learning_outcomes WHERE tenant = ? AND invalidated_at IS NULL AND observations @> ?::jsonb
                ORDER BY finished_at DESC LIMIT ?""")
                .params(tenant, failed, limit).query(UUID.class).list();
    }
}

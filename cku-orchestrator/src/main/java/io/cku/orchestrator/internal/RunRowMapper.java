package io.cku.orchestrator.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.cku.orchestrator.Attempt;
import io.cku.orchestrator.Compensation;
import io.cku.orchestrator.Decision;
import io.cku.orchestrator.GateResult;
import io.cku.orchestrator.HealingAction;
import io.cku.orchestrator.Run;
import io.cku.orchestrator.RunId;
import io.cku.orchestrator.RunStatus;
import io.cku.orchestrator.Step;
import io.cku.orchestrator.StepStatus;
import io.cku.shared.Actor;
import io.cku.shared.Mode;
import io.cku.shared.TenantId;
import io.cku.shared.Verdict;
import io.cku.shared.api.RetrySpec;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads rows of runs, run_steps, run_gates and run_healing into the aggregate's records, and binds them back to statements. */
@Component
class RunRowMapper {

    private final JsonMapper json;

    RunRowMapper(JsonMapper json) {
        this.json = json;
    }

    /** The run of a runs row, without its steps, gates and healing actions. */
    Run run(ResultSet rs) throws SQLException {
        TenantId tenant = new TenantId(rs.getString("tenant"));
        return new Run(new RunId(rs.getObject("id", UUID.class)), Actor.parse(rs.getString("submitted_by"), tenant), rs.getString("intent"),
                Mode.fromWireName(rs.getString("mode")).orElseThrow(), RunStatus.valueOf(rs.getString("status")),
                rs.getString("reason"), json.readValue(rs.getString("labels"), new TypeReference<Map<String, String>>() { }),
                json.readValue(rs.getString("evidence"), new TypeReference<Map<String, Object>>() { }), List.of(), List.of(),
                rs.getString("outcome"), Decision.fromWireName(rs.getString("recommendation")).orElse(null), List.of(),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    Step step(ResultSet rs) throws SQLException {
        String retry = rs.getString("retry");
        String compensation = rs.getString("compensation");
        return new Step(rs.getInt("position"), rs.getString("name"), rs.getString("skill"), rs.getString("intent"),
                json.readValue(rs.getString("params"), new TypeReference<Map<String, Object>>() { }), rs.getBoolean("optional"),
                rs.getObject("timeout_ms", Long.class), retry == null ? null : json.readValue(retry, RetrySpec.class),
                compensation == null ? null : json.readValue(compensation, Compensation.class), StepStatus.valueOf(rs.getString("status")),
                rs.getInt("attempts"), rs.getInt("retry_base"), instant(rs, "started_at"), instant(rs, "finished_at"),
                instant(rs, "next_attempt_at"), rs.getString("output"), rs.getString("error"),
                json.readValue(rs.getString("attempt_log"), new TypeReference<List<Attempt>>() { }), rs.getString("compensation_error"));
    }

    GateResult gate(ResultSet rs) throws SQLException {
        return new GateResult(rs.getString("gate"), rs.getInt("position"), Verdict.valueOf(rs.getString("decision")),
                rs.getString("reason"), instant(rs, "decided_at"), instant(rs, "deadline"), rs.getBoolean("escalated"),
                (Integer) rs.getObject("policy_version"));
    }

    HealingAction healing(ResultSet rs) throws SQLException {
        return new HealingAction(instant(rs, "at"), rs.getString("action"), rs.getString("step"), rs.getString("actor"),
                rs.getString("reason"));
    }

    /** Binds the columns of a new run_steps row, in the order of {@link RunChildRows#insertSteps}. */
    void bindNewStep(PreparedStatement ps, RunId run, Step step) throws SQLException {
        ps.setObject(1, run.value());
        ps.setInt(2, step.position());
        ps.setString(3, step.name());
        ps.setString(4, step.skill());
        ps.setString(5, step.intent());
        ps.setString(6, json(step.params()));
        ps.setBoolean(7, step.optional());
        ps.setObject(8, step.timeoutMs());
        ps.setString(9, step.status().name());
        ps.setInt(10, step.attempts());
        ps.setString(11, step.retry() == null ? null : json(step.retry()));
        ps.setString(12, step.compensation() == null ? null : json(step.compensation()));
    }

    /** Binds what a step's progress changes, then the row's key, in the order of {@link RunChildRows}' update. */
    void bindStepProgress(PreparedStatement ps, RunId run, Step step) throws SQLException {
        ps.setString(1, step.status().name());
        ps.setInt(2, step.attempts());
        ps.setObject(3, at(step.startedAt()));
        ps.setObject(4, at(step.finishedAt()));
        ps.setString(5, step.output());
        ps.setString(6, step.error());
        ps.setInt(7, step.retryBase());
        ps.setObject(8, at(step.nextAttemptAt()));
        ps.setString(9, json(step.attemptLog()));
        ps.setString(10, step.compensationError());
        ps.setObject(11, run.value());
        ps.setInt(12, step.position());
    }

    void bindGate(PreparedStatement ps, RunId run, GateResult gate) throws SQLException {
        ps.setObject(1, run.value());
        ps.setInt(2, gate.order());
        ps.setString(3, gate.gate());
        ps.setString(4, gate.verdict().name());
        ps.setString(5, gate.reason());
        ps.setObject(6, at(gate.decidedAt()));
        ps.setObject(7, at(gate.deadline()));
        ps.setBoolean(8, gate.escalated());
        ps.setObject(9, gate.policyVersion(), java.sql.Types.INTEGER);
    }

    void bindHealing(PreparedStatement ps, RunId run, HealingAction action) throws SQLException {
        ps.setObject(1, run.value());
        ps.setObject(2, at(action.at()));
        ps.setString(3, action.action());
        ps.setString(4, action.step());
        ps.setString(5, action.actor());
        ps.setString(6, action.reason());
    }

    /** A value for a jsonb column (bound as text and cast in the statement). */
    String json(Object value) {
        return json.writeValueAsString(value);
    }

    static String recommendation(Run run) {
        return run.recommendation() == null ? null : run.recommendation().wireName();
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}

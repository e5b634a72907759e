package io.cku.orchestrator.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.cku.orchestrator.Attempt;
import io.cku.orchestrator.Compensation;
import io.cku.orchestrator.Decision;
import io.cku.orchestrator.GateResult;
import io.cku.orchestrator.HealingAction;
import io.cku.orchestrator.Run;
import io.cku.orchestrator.RunChanged;
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

/** Stores run aggregates in PostgreSQL and hands out leases on them. Callers provide the transactions. */
@Repository
class RunRepository {

    private static final String WORKABLE = "('PENDING', 'GATING', 'RUNNING', 'HEALING')";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final JsonMapper json;

    private final ApplicationEventPublisher events;

    RunRepository(JdbcClient jdbc, JdbcTemplate template, JsonMapper json, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.template = template;
        this.json = json;
        this.events = events;
    }

    /**
     * Inserts a new run with its steps; false when the idempotency key is already taken. Like every write here, publishes
     * {@link RunChanged} inside the caller's transaction.
     */
    boolean insert(Run run, String idempotencyKey, String requestHash) {
        int rows = jdbc.sql("""
                INSERT INTO runs (id, tenant, submitted_by, intent, mode, status, labels, evidence, idempotency_key, request_hash,
                                  created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?)
                ON CONFLICT (tenant, idempotency_key) DO NOTHING""")
                .params(run.id().value(), run.tenant().value(), run.submitter().qualifiedName(), run.intent(), run.mode().wireName(), run.status().name(),
                        json.writeValueAsString(run.labels()), json.writeValueAsString(run.evidence()),
                        idempotencyKey, requestHash, at(run.createdAt()), at(run.updatedAt()))
                .update();
        if (rows == 0) {
            return false;
        }
        template.batchUpdate("""
                INSERT INTO run_steps (run_id, position, name, skill, intent, params, optional, timeout_ms, status, attempts, retry,
                                       compensation)
                VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?::jsonb, ?::jsonb)""", run.steps(), run.steps().size(), (ps, step) -> {
            ps.setObject(1, run.id().value());
            ps.setInt(2, step.position());
            ps.setString(3, step.name());
            ps.setString(4, step.skill());
            ps.setString(5, step.intent());
            ps.setString(6, json.writeValueAsString(step.params()));
            ps.setBoolean(7, step.optional());
            ps.setObject(8, step.timeoutMs());
            ps.setString(9, step.status().name());
            ps.setInt(10, step.attempts());
            ps.setString(11, step.retry() == null ? null : json.writeValueAsString(step.retry()));
            ps.setString(12, step.compensation() == null ? null : json.writeValueAsString(step.compensation()));
        });
        changed(new RunChanged(run.submitter(), null, run));
        return true;
    }

    /** The tenant's run that holds this idempotency key, with the hash of the request that created it. */
    Optional<KeyedRun> findByIdempotencyKey(TenantId tenant, String key) {
        return jdbc.sql("SELECT id, request_hash FROM runs WHERE tenant = ? AND idempotency_key = ?").params(tenant.value(), key)
                .query((rs, n) -> new KeyedRun(new RunId(rs.getObject("id", UUID.class)), rs.getString("request_hash")))
                .optional();
    }

    /** The tenant's run with this id; another tenant's run is not found. */
    Optional<Run> find(TenantId tenant, RunId id) {
        return jdbc.sql("SELECT * FROM runs WHERE id = ? AND tenant = ?").params(id.value(), tenant.value())
                .query((rs, n) -> runRow(rs)).optional()
                .map(this::withChildren);
    }

    /**
     * Like {@link #lock(TenantId, RunId)}, for the service itself acting on any tenant's run.
     */
    Optional<Locked> lockAny(RunId id) {
        return jdbc.sql("SELECT * FROM runs WHERE id = ? FOR UPDATE").param(id.value())
                .query((rs, n) -> new Locked(runRow(rs), rs.getString("lease_owner"))).optional()
                .map(locked -> new Locked(withChildren(locked.run()), locked.leaseOwner()));
    }

    /**
     * Locks the tenant's run for the rest of the transaction and reads it with its steps, gate decisions and lease owner
     * (approvals depend on which gate waits); {@link #save} writes the gates again only when they change.
     */
    Optional<Locked> lock(TenantId tenant, RunId id) {
        return jdbc.sql("SELECT * FROM runs WHERE id = ? AND tenant = ? FOR UPDATE").params(id.value(), tenant.value())
                .query((rs, n) -> new Locked(runRow(rs), rs.getString("lease_owner"))).optional()
                .map(locked -> new Locked(withChildren(locked.run()), locked.leaseOwner()));
    }

    /** Writes what changed between {@code before} and {@code after}, under the row lock taken by {@link #lock}. */
    void save(Actor by, Run before, Run after) {
        jdbc.sql("UPDATE runs SET status = ?, reason = ?, outcome = ?, updated_at = ?, due_at = ?, recommendation = ? WHERE id = ?")
                .params(after.status().name(), after.reason(), after.outcome(), at(after.updatedAt()), at(after.dueAt()),
                        recommendation(after), after.id().value())
                .update();
        saveChildren(before, after);
        changed(new RunChanged(by, before, after));
    }

    /**
     * Writes what changed, provided the stored run is still {@code before} and leased to {@code owner}: the lease
     * holder's copy is authoritative, so it need not read the run again. Releases the lease when the run needs no
     * worker any more. False, and nothing written, when someone else changed the run (a cancel) or took the lease.
     *
     * @param flush whether the commit must wait for the disk; the setting rides on the same statement to save a round trip
     */
    boolean saveIfCurrent(Run before, Run after, String owner, boolean flush) {
        boolean release = !after.status().isWorkable() || after.dueAt() != null;
        int rows = jdbc.sql("""
                WITH commit_mode AS (SELECT set_config('synchronous_commit', ?, true))
                UPDATE runs SET status = ?, reason = ?, outcome = ?, updated_at = ?, due_at = ?, recommendation = ?,
                    lease_owner = CASE WHEN ? THEN NULL ELSE lease_owner END,
                    lease_until = CASE WHEN ? THEN NULL ELSE lease_until END
                FROM commit_mode
                WHERE id = ? AND lease_owner = ? AND status = ? AND updated_at = ?""")
                .params(flush ? "on" : "off", after.status().name(), after.reason(), after.outcome(), at(after.updatedAt()),
                        at(after.dueAt()), recommendation(after), release, release, after.id().value(), owner, before.status().name(),
                        at(before.updatedAt()))
                .update();
        if (rows == 0) {
            return false;
        }
        saveChildren(before, after);
        changed(new RunChanged(Actor.system(after.tenant()), before, after));
        return true;
    }

    private void saveChildren(Run before, Run after) {
        List<Step> changed = new ArrayList<>();
        for (int i = 0; i < after.steps().size(); i++) {
            if (!Objects.equals(before.steps().get(i), after.steps().get(i))) {
                changed.add(after.steps().get(i));
            }
        }
        updateSteps(after.id(), changed);
        if (!before.gates().equals(after.gates())) {
            replaceGates(after, before.status() != RunStatus.PENDING);
        }
        List<HealingAction> added = after.healing().subList(Math.min(before.healing().size(), after.healing().size()), after.healing().size());
        if (!added.isEmpty()) {
            template.batchUpdate("INSERT INTO run_healing (run_id, at, action, step, actor, reason) VALUES (?, ?, ?, ?, ?, ?)",
                    added, added.size(), (ps, action) -> {
                        ps.setObject(1, after.id().value());
                        ps.setObject(2, at(action.at()));
                        ps.setString(3, action.action());
                        ps.setString(4, action.step());
                        ps.setString(5, action.actor());
                        ps.setString(6, action.reason());
                    });
        }
    }

    private static String recommendation(Run run) {
        return run.recommendation() == null ? null : run.recommendation().wireName();
    }

    /** Listeners write what the change means (its audit entries) in the same transaction, so there must be one. */
    private void changed(RunChanged change) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("a run is stored only inside a transaction (its audit entries commit with it)");
        }
        events.publishEvent(change);
    }

    /**
     * Claims a run whose lease is free or lapsed: the retry that has been due longest, else the oldest run with work to do now.
     * Each comes from its own partial index, so runs waiting for a later retry cost a claim nothing. The row stays locked like
     * {@link #lock}'s.
     */
    Optional<Run> claim(String owner, Duration lease) {
        Optional<Run> due = claimFirst(owner, lease, "status = 'HEALING' AND due_at <= now()", "due_at");
        return due.isPresent() ? due
                : claimFirst(owner, lease, "status IN ('PENDING', 'GATING', 'RUNNING') OR (status = 'HEALING' AND due_at IS NULL)",
                        "created_at");
    }

    private Optional<Run> claimFirst(String owner, Duration lease, String which, String order) {
        return jdbc.sql("""
                UPDATE runs SET lease_owner = ?, lease_until = now() + ? * interval '1 millisecond'
                WHERE id = (SELECT id FROM runs
                            WHERE (%s) AND (lease_until IS NULL OR lease_until < now())
                            ORDER BY %s LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING *""".formatted(which, order))
                .params(owner, lease.toMillis())
                .query((rs, n) -> runRow(rs)).optional()
                .map(this::withSteps);
    }

    /** Extends this owner's leases on these runs, while they are workable. */
    int renewLeases(String owner, List<RunId> runs, Duration lease) {
        return jdbc.sql("UPDATE runs SET lease_until = now() + ? * interval '1 millisecond' WHERE lease_owner = ? AND id = ANY(?) AND status IN "
                        + WORKABLE)
                .params(lease.toMillis(), owner, runs.stream().map(RunId::value).toArray(UUID[]::new)).update();
    }

    /** Runs this owner still holds that were cancelled, possibly through another instance. */
    List<RunId> cancelledHeldBy(String owner) {
        return jdbc.sql("SELECT id FROM runs WHERE lease_owner = ? AND status = 'CANCELLED'").param(owner)
                .query((rs, n) -> new RunId(rs.getObject("id", UUID.class))).list();
    }

    /** Clears every lease this owner holds (a stopping instance): the runs are workable by anyone at once. */
    int releaseLeases(String owner) {
        return jdbc.sql("UPDATE runs SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?").param(owner).update();
    }

    void releaseLease(RunId id, String owner) {
        jdbc.sql("UPDATE runs SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?")
                .params(id.value(), owner).update();
    }

    int countActive(TenantId tenant, RunId excluding) {
        return jdbc.sql("SELECT count(*) FROM runs WHERE tenant = ? AND id <> ? AND status IN ('GATING', 'RUNNING', 'HEALING', 'AWAITING_DECISION')")
                .params(tenant.value(), excluding.value()).query(Integer.class).single();
    }

    int countSince(TenantId tenant, Instant since) {
        return jdbc.sql("SELECT count(*) FROM runs WHERE tenant = ? AND created_at >= ?").params(tenant.value(), at(since))
                .query(Integer.class).single();
    }

    /** Runs waiting for approval, at a gate or a checkpoint step, whose wait ended before {@code now}. */
    List<RunId> pastApprovalDeadline(Instant now) {
        return jdbc.sql("""
                SELECT r.id FROM runs r JOIN run_gates g ON g.run_id = r.id
                WHERE r.status = 'AWAITING_APPROVAL' AND g.decision = 'PAUSE' AND g.deadline < ?
                UNION
                SELECT id FROM runs WHERE status = 'AWAITING_APPROVAL' AND due_at < ?""")
                .params(at(now), at(now)).query((rs, n) -> new RunId(rs.getObject("id", UUID.class))).list();
    }

    /** The tenant's runs waiting for approval, longest waiting first. */
    List<Run> awaitingApproval(TenantId tenant) {
        return jdbc.sql("SELECT * FROM runs WHERE tenant = ? AND status = 'AWAITING_APPROVAL' ORDER BY updated_at LIMIT 500")
                .param(tenant.value()).query((rs, n) -> runRow(rs)).list().stream().map(this::withChildren).toList();
    }

    /** The tenant's runs newest first, optionally of one status, strictly older than the position {@code after}. */
    List<Run> page(TenantId tenant, Optional<RunStatus> status, Optional<RunCursor> after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM runs WHERE tenant = ?");
        List<Object> params = new ArrayList<>();
        params.add(tenant.value());
        status.ifPresent(s -> {
            sql.append(" AND status = ?");
            params.add(s.name());
        });
        after.ifPresent(cursor -> {
            sql.append(" AND (created_at, id) < (?, ?)");
            params.add(at(cursor.createdAt()));
            params.add(cursor.id());
        });
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query((rs, n) -> runRow(rs)).list();
    }

    private void updateSteps(RunId id, List<Step> steps) {
        if (steps.isEmpty()) {
            return;
        }
        template.batchUpdate("""
                UPDATE run_steps SET status = ?, attempts = ?, started_at = ?, finished_at = ?, output = ?::jsonb, error = ?,
                    retry_base = ?, next_attempt_at = ?, attempt_log = ?::jsonb, compensation_error = ?
                WHERE run_id = ? AND position = ?""", steps, steps.size(), (ps, step) -> {
            ps.setString(1, step.status().name());
            ps.setInt(2, step.attempts());
            ps.setObject(3, at(step.startedAt()));
            ps.setObject(4, at(step.finishedAt()));
            ps.setString(5, step.output());
            ps.setString(6, step.error());
            ps.setInt(7, step.retryBase());
            ps.setObject(8, at(step.nextAttemptAt()));
            ps.setString(9, json.writeValueAsString(step.attemptLog()));
            ps.setString(10, step.compensationError());
            ps.setObject(11, id.value());
            ps.setInt(12, step.position());
        });
    }

    private void replaceGates(Run run, boolean mayHaveGates) {
        if (mayHaveGates) {
            jdbc.sql("DELETE FROM run_gates WHERE run_id = ?").param(run.id().value()).update();
        }
        if (run.gates().isEmpty()) {
            return;
        }
        template.batchUpdate("""
                INSERT INTO run_gates (run_id, position, gate, decision, reason, decided_at, deadline, escalated)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                run.gates(), run.gates().size(), (ps, gate) -> {
                    ps.setObject(1, run.id().value());
                    ps.setInt(2, gate.order());
                    ps.setString(3, gate.gate());
                    ps.setString(4, gate.verdict().name());
                    ps.setString(5, gate.reason());
                    ps.setObject(6, at(gate.decidedAt()));
                    ps.setObject(7, at(gate.deadline()));
                    ps.setBoolean(8, gate.escalated());
                });
    }

    private Run withSteps(Run run) {
        List<Step> steps = jdbc.sql("SELECT * FROM run_steps WHERE run_id = ? ORDER BY position").param(run.id().value())
                .query((rs, n) -> stepRow(rs)).list();
        return new Run(run.id(), run.submitter(), run.intent(), run.mode(), run.status(), run.reason(), run.labels(), run.evidence(), steps, List.of(),
                run.outcome(), run.recommendation(), List.of(), run.createdAt(), run.updatedAt());
    }

    private Run withChildren(Run run) {
        Run withSteps = withSteps(run);
        List<GateResult> gates = jdbc.sql("SELECT * FROM run_gates WHERE run_id = ? ORDER BY position").param(run.id().value())
                .query((rs, n) -> new GateResult(rs.getString("gate"), rs.getInt("position"), Verdict.valueOf(rs.getString("decision")),
                        rs.getString("reason"), instant(rs, "decided_at"), instant(rs, "deadline"), rs.getBoolean("escalated")))
                .list();
        List<HealingAction> healing = jdbc.sql("SELECT * FROM run_healing WHERE run_id = ? ORDER BY id").param(run.id().value())
                .query((rs, n) -> new HealingAction(instant(rs, "at"), rs.getString("action"), rs.getString("step"), rs.getString("actor"),
                        rs.getString("reason")))
                .list();
        return new Run(run.id(), run.submitter(), run.intent(), run.mode(), run.status(), run.reason(), run.labels(), run.evidence(), withSteps.steps(),
                gates, run.outcome(), run.recommendation(), healing, run.createdAt(), run.updatedAt());
    }

    private Run runRow(ResultSet rs) throws SQLException {
        TenantId tenant = new TenantId(rs.getString("tenant"));
        return new Run(new RunId(rs.getObject("id", UUID.class)), Actor.parse(rs.getString("submitted_by"), tenant), rs.getString("intent"),
                Mode.fromWireName(rs.getString("mode")).orElseThrow(), RunStatus.valueOf(rs.getString("status")),
                rs.getString("reason"), json.readValue(rs.getString("labels"), new TypeReference<Map<String, String>>() { }),
                json.readValue(rs.getString("evidence"), new TypeReference<Map<String, Object>>() { }), List.of(), List.of(),
                rs.getString("outcome"), Decision.fromWireName(rs.getString("recommendation")).orElse(null), List.of(),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private Step stepRow(ResultSet rs) throws SQLException {
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

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** A run that holds an idempotency key. */
    record KeyedRun(RunId id, String requestHash) {
    }

    /** A run read under its row lock, with the worker that holds its lease (null when free). */
    record Locked(Run run, String leaseOwner) {
    }
}

package io.cku.orchestrator.internal;

import static io.cku.orchestrator.internal.RunRowMapper.at;
import static io.cku.orchestrator.internal.RunRowMapper.recommendation;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.cku.orchestrator.GateResult;
import io.cku.orchestrator.HealingAction;
import io.cku.orchestrator.Run;
import io.cku.orchestrator.RunChanged;
import io.cku.orchestrator.RunId;
import io.cku.orchestrator.RunManagement.HourlyOutcomes;
import io.cku.orchestrator.RunManagement.RunFilter;
import io.cku.orchestrator.RunManagement.VersionedRun;
import io.cku.orchestrator.RunStatus;
import io.cku.orchestrator.Step;
import io.cku.shared.Actor;
import io.cku.shared.TenantId;

/**
 * Stores run aggregates in PostgreSQL: a runs row each, its steps, gates and healing through {@link RunChildRows}.
 * Callers provide the transactions.
 */
@Repository
class RunRows {

    private static final String COUNT_ACTIVE = "SELECT count(*) FROM runs WHERE tenant = ? AND id <> ? AND status IN "
            + RunStatuses.sqlList(RunStatuses.ACTIVE);

    /**
     * A run with its steps, gates and healing in one round trip and one implicit transaction (one commit) instead of four.
     * Each statement still reads what was committed when it began, so the children are as new as the run's row or newer.
     */
    private static final String RUN_WITH_CHILDREN = """
            SELECT * FROM runs WHERE id = ? AND tenant = ?;
            SELECT * FROM run_steps WHERE run_id = ? ORDER BY position;
            SELECT * FROM run_gates WHERE run_id = ? ORDER BY position;
            SELECT * FROM run_healing WHERE run_id = ? ORDER BY id""";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final RunRowMapper mapper;
    private final RunChildRows children;
    private final ApplicationEventPublisher events;

    RunRows(JdbcClient jdbc, JdbcTemplate template, RunRowMapper mapper, RunChildRows children, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.template = template;
        this.mapper = mapper;
        this.children = children;
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
                        mapper.json(run.labels()), mapper.json(run.evidence()),
                        idempotencyKey, requestHash, at(run.createdAt()), at(run.updatedAt()))
                .update();
        if (rows == 0) {
            return false;
        }
        children.insertSteps(run);
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
        return findVersioned(tenant, id).map(VersionedRun::run);
    }

    /**
     * The tenant's run with the version read from the same row: its steps, gates and healing are read afterwards and may
     * be newer, never older, so a client that waits for a change after this version misses none.
     */
    Optional<VersionedRun> findVersioned(TenantId tenant, RunId id) {
        return Optional.ofNullable(template.execute(RUN_WITH_CHILDREN, (PreparedStatement statement) -> {
            statement.setObject(1, id.value());
            statement.setString(2, tenant.value());
            for (int parameter = 3; parameter <= 5; parameter++) {
                statement.setObject(parameter, id.value());
            }
            statement.execute();
            VersionedRun found = null;
            try (ResultSet rs = statement.getResultSet()) {
                if (rs.next()) {
                    found = new VersionedRun(mapper.run(rs), rs.getLong("version"));
                }
            }
            List<Step> steps = next(statement, (rs, n) -> mapper.step(rs));
            List<GateResult> gates = next(statement, (rs, n) -> mapper.gate(rs));
            List<HealingAction> healing = next(statement, (rs, n) -> mapper.healing(rs));
            if (found == null) {
                return null; // another tenant's run, or none: what was read of its children is dropped
            }
            return new VersionedRun(RunChildRows.with(found.run(), steps, gates, healing), found.version());
        }));
    }

    /** The rows of a multi-statement read's next result. */
    private static <T> List<T> next(PreparedStatement statement, RowMapper<T> rows) throws SQLException {
        statement.getMoreResults();
        List<T> read = new ArrayList<>();
        try (ResultSet rs = statement.getResultSet()) {
            for (int n = 0; rs.next(); n++) {
                read.add(rows.mapRow(rs, n));
            }
        }
        return read;
    }

    /** A change shown with the run but stored elsewhere: only its version grows. */
    void touched(RunId id) {
        jdbc.sql("UPDATE runs SET version = version + 1 WHERE id = ?").param(id.value()).update();
    }

    /** The versions of those of these runs that exist, of any tenant. */
    Map<RunId, Long> versions(Collection<RunId> ids) {
        Map<RunId, Long> versions = new HashMap<>();
        jdbc.sql("SELECT id, version FROM runs WHERE id = ANY(?)").param(ids.stream().map(RunId::value).toArray(UUID[]::new))
                .query(rs -> {
                    versions.put(new RunId(rs.getObject("id", UUID.class)), rs.getLong("version"));
                });
        return versions;
    }

    /**
     * Locks the tenant's run for the rest of the transaction and reads it with its steps, gate decisions and lease owner
     * (approvals depend on which gate waits); {@link #save} writes the gates again only when they change.
     */
    Optional<Locked> lock(TenantId tenant, RunId id) {
        return lock("id = ? AND tenant = ?", id.value(), tenant.value());
    }

    /** Like {@link #lock(TenantId, RunId)}, for the service itself acting on any tenant's run. */
    Optional<Locked> lockAny(RunId id) {
        return lock("id = ?", id.value());
    }

    private Optional<Locked> lock(String which, Object... params) {
        return jdbc.sql("SELECT * FROM runs WHERE " + which + " FOR UPDATE").params(params)
                .query((rs, n) -> new Locked(mapper.run(rs), rs.getString("lease_owner"))).optional()
                .map(locked -> new Locked(children.withChildren(locked.run()), locked.leaseOwner()));
    }

    /** Writes what changed between {@code before} and {@code after}, under the row lock taken by {@link #lock}. */
    void save(Actor by, Run before, Run after) {
        jdbc.sql("""
                UPDATE runs SET status = ?, reason = ?, outcome = ?, updated_at = ?, due_at = ?, recommendation = ?, version = version + 1
                WHERE id = ?""")
                .params(after.status().name(), after.reason(), after.outcome(), at(after.updatedAt()), at(after.dueAt()),
                        recommendation(after), after.id().value())
                .update();
        children.save(before, after);
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
                UPDATE runs SET status = ?, reason = ?, outcome = ?, updated_at = ?, due_at = ?, recommendation = ?, version = version + 1,
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
        children.save(before, after);
        changed(new RunChanged(Actor.system(after.tenant()), before, after));
        return true;
    }

    /** Listeners write what the change means (its audit entries) in the same transaction, so there must be one. */
    private void changed(RunChanged change) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("a run is stored only inside a transaction (its audit entries commit with it)");
        }
        events.publishEvent(change);
    }

    int countActive(TenantId tenant, RunId excluding) {
        return jdbc.sql(COUNT_ACTIVE).params(tenant.value(), excluding.value()).query(Integer.class).single();
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

    /** The earliest deadline among the runs waiting for approval, at a gate or a checkpoint step. */
    Optional<Instant> nextApprovalDeadline() {
        return jdbc.sql("""
                SELECT min(deadline) AS next FROM (
                    SELECT min(g.deadline) AS deadline FROM runs r JOIN run_gates g ON g.run_id = r.id
                    WHERE r.status = 'AWAITING_APPROVAL' AND g.decision = 'PAUSE'
                    UNION ALL
                    SELECT min(due_at) FROM runs WHERE status = 'AWAITING_APPROVAL') AS deadlines""")
                .query((rs, n) -> Optional.ofNullable(RunRowMapper.instant(rs, "next"))).single();
    }

    /** The tenant's runs waiting for approval, longest waiting first. */
    List<Run> awaitingApproval(TenantId tenant) {
        return jdbc.sql("SELECT * FROM runs WHERE tenant = ? AND status = 'AWAITING_APPROVAL' ORDER BY updated_at LIMIT 500")
                .param(tenant.value()).query((rs, n) -> mapper.run(rs)).list().stream().map(children::withChildren).toList();
    }

    /** The tenant's runs that match {@code filter}, newest first, strictly older than the position {@code after}. */
    List<Run> page(TenantId tenant, RunFilter filter, Optional<RunCursor> after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM runs WHERE tenant = ?");
        List<Object> params = new ArrayList<>();
        params.add(tenant.value());
        where(filter, true, sql, params);
        after.ifPresent(cursor -> {
            sql.append(" AND (created_at, id) < (?, ?)");
            params.add(at(cursor.createdAt()));
            params.add(cursor.id());
        });
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query((rs, n) -> mapper.run(rs)).list();
    }

    /** How many of the tenant's runs match {@code filter}, its status aside, by status. */
    Map<RunStatus, Long> countByStatus(TenantId tenant, RunFilter filter) {
        StringBuilder sql = new StringBuilder("SELECT status, count(*) AS runs FROM runs WHERE tenant = ?");
        List<Object> params = new ArrayList<>();
        params.add(tenant.value());
        where(filter, false, sql, params);
        sql.append(" GROUP BY status");
        Map<RunStatus, Long> counts = new EnumMap<>(RunStatus.class);
        jdbc.sql(sql.toString()).params(params).query((rs, n) -> counts.put(RunStatus.valueOf(rs.getString("status")), rs.getLong("runs")))
                .list();
        return counts;
    }

    /** The tenant's runs that ended since {@code since}, per hour and final status (a run's last change is its end). */
    List<HourlyOutcomes> outcomesPerHour(TenantId tenant, Instant since) {
        List<String> ended = Arrays.stream(RunStatus.values()).filter(RunStatus::isTerminal).map(Enum::name).toList();
        Map<Instant, Map<RunStatus, Long>> hours = new TreeMap<>();
        jdbc.sql("SELECT date_trunc('hour', updated_at) AS hour, status, count(*) AS runs FROM runs"
                + " WHERE tenant = ? AND updated_at >= ? AND status IN (" + String.join(", ", ended.stream().map(s -> "?").toList()) + ")"
                + " GROUP BY 1, 2")
                .params(concat(List.of(tenant.value(), at(since)), ended))
                .query((rs, n) -> hours.computeIfAbsent(rs.getTimestamp("hour").toInstant(), h -> new EnumMap<>(RunStatus.class))
                        .put(RunStatus.valueOf(rs.getString("status")), rs.getLong("runs")))
                .list();
        return hours.entrySet().stream().map(hour -> new HourlyOutcomes(hour.getKey(), hour.getValue())).toList();
    }

    private static List<Object> concat(List<Object> first, List<String> then) {
        List<Object> all = new ArrayList<>(first);
        all.addAll(then);
        return all;
    }

    /** The filter's conditions, its status among them when {@code withStatus}. */
    private static void where(RunFilter filter, boolean withStatus, StringBuilder sql, List<Object> params) {
        if (withStatus) {
            filter.status().ifPresent(s -> {
                sql.append(" AND status = ?");
                params.add(s.name());
            });
        }
        filter.mode().ifPresent(m -> {
            sql.append(" AND mode = ?");
            params.add(m.wireName());
        });
        filter.submitter().ifPresent(name -> {
            sql.append(name.contains(":") ? " AND submitted_by = ?" : " AND substring(submitted_by from position(':' in submitted_by) + 1) = ?");
            params.add(name);
        });
        filter.label().ifPresent(label -> {
            int equals = label.indexOf('=');
            if (equals < 0) {
                sql.append(" AND jsonb_exists(labels, ?)");
                params.add(label);
            } else {
                sql.append(" AND labels @> jsonb_build_object(?::text, ?::text)");
                params.add(label.substring(0, equals).strip());
                params.add(label.substring(equals + 1).strip());
            }
        });
        filter.text().ifPresent(text -> {
            sql.append(" AND intent ILIKE ? ESCAPE '\\'");
            params.add("%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        });
    }

    /** A run that holds an idempotency key. */
    record KeyedRun(RunId id, String requestHash) {
    }

    /** A run read under its row lock, with the worker that holds its lease (null when free). */
    record Locked(Run run, String leaseOwner) {
    }
}

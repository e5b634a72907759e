package io.cku.orchestrator.internal;

import static io.cku.orchestrator.internal.RunStatuses.sqlList;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.cku.orchestrator.Run;
import io.cku.orchestrator.RunId;
import io.cku.orchestrator.RunStatus;

/** Hands out leases on runs to the workers, renews and releases them. Callers provide the transactions. */
@Repository
class RunLeases {

    /** Retries that are due: their own partial index, runs_retry_due (V17), ordered by due_at. */
    static final String DUE = "status = 'HEALING' AND due_at <= now()";

    /** Runs with work to do now: the predicate of the partial index runs_workable (V17), word for word. */
    static final String WORKABLE_NOW = "status IN " + sqlList(RunStatuses.workableBut(RunStatus.HEALING))
            + " OR (status = 'HEALING' AND due_at IS NULL)";

    private static final String RENEW = "UPDATE runs SET lease_until = now() + ? * interval '1 millisecond' WHERE lease_owner = ? AND id = ANY(?)"
            + " AND status IN " + sqlList(RunStatuses.WORKABLE);

    private final JdbcClient jdbc;
    private final RunRowMapper mapper;
    private final RunChildRows children;

    RunLeases(JdbcClient jdbc, RunRowMapper mapper, RunChildRows children) {
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.children = children;
    }

    /**
     * Claims a run whose lease is free or lapsed: the retry that has been due longest, else the oldest run with work to do now.
     * Each comes from its own partial index, so runs waiting for a later retry cost a claim nothing. The row stays locked like
     * {@link RunRows#lock}'s.
     */
    Optional<Run> claim(String owner, Duration lease) {
        Optional<Run> due = claimFirst(owner, lease, DUE, "due_at");
        return due.isPresent() ? due : claimFirst(owner, lease, WORKABLE_NOW, "created_at");
    }

    private Optional<Run> claimFirst(String owner, Duration lease, String which, String order) {
        return jdbc.sql("""
                UPDATE runs SET lease_owner = ?, lease_until = now() + ? * interval '1 millisecond'
                WHERE id = (SELECT id FROM runs
                            WHERE (%s) AND (lease_until IS NULL OR lease_until < now())
                            ORDER BY %s LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING *""".formatted(which, order))
                .params(owner, lease.toMillis())
                .query((rs, n) -> mapper.run(rs)).optional()
                .map(children::withSteps);
    }

    /** Extends this owner's leases on these runs, while they are workable. */
    int renewLeases(String owner, List<RunId> held, Duration lease) {
        return jdbc.sql(RENEW).params(lease.toMillis(), owner, held.stream().map(RunId::value).toArray(UUID[]::new)).update();
    }

    /** Which of these runs were cancelled, possibly through another instance: primary-key lookups, one statement. */
    List<RunId> cancelledAmong(List<RunId> runs) {
        return jdbc.sql("SELECT id FROM runs WHERE id = ANY(?) AND status = 'CANCELLED'")
                .param(runs.stream().map(RunId::value).toArray(UUID[]::new))
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
}

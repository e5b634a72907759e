package io.cku.orchestrator.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.cku.orchestrator.RunBacklog;
import io.cku.orchestrator.RunStatus;

/**
 * Counts unfinished runs and measures the wait of the oldest claimable one. Meant to be read every few seconds, not per
 * request: no index covers every unfinished status (AWAITING_APPROVAL and AWAITING_DECISION have none), so the count may
 * scan the runs table; the wait reads the first row of each claim index.
 */
@Repository
class RunBacklogQuery implements RunBacklog {

    private static final Set<RunStatus> UNFINISHED_STATUSES = EnumSet.copyOf(
            Arrays.stream(RunStatus.values()).filter(status -> !status.isTerminal()).toList());

    private static final String UNFINISHED = "SELECT status, count(*) AS runs FROM runs WHERE status IN "
            + RunStatuses.sqlList(UNFINISHED_STATUSES) + " GROUP BY status";

    /** The two claim orders of RunLeases, each on its partial index (V17): the oldest PENDING run, the longest-due retry. */
    private static final String OLDEST_WAITING = """
            SELECT GREATEST(
                (SELECT extract(epoch FROM now() - min(created_at)) FROM runs
                 WHERE status = 'PENDING' AND (lease_until IS NULL OR lease_until < now())),
                (SELECT extract(epoch FROM now() - min(due_at)) FROM runs
                 WHERE status = 'HEALING' AND due_at <= now() AND (lease_until IS NULL OR lease_until < now())))""";

    private final JdbcClient jdbc;

    RunBacklogQuery(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Snapshot snapshot() {
        Map<RunStatus, Long> unfinished = new EnumMap<>(RunStatus.class);
        UNFINISHED_STATUSES.forEach(status -> unfinished.put(status, 0L));
        jdbc.sql(UNFINISHED).query((rs, n) -> unfinished.put(RunStatus.valueOf(rs.getString("status")), rs.getLong("runs"))).list();
        Double waited = jdbc.sql(OLDEST_WAITING).query(Double.class).optional().orElse(null);
        return new Snapshot(unfinished, waited == null ? Duration.ZERO : Duration.ofMillis(Math.max(0, Math.round(waited * 1000))));
    }
}

package io.cku.orchestrator.internal;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import io.cku.orchestrator.RunStatus;

/** The sets of run statuses the queries ask for, and their SQL form, so that the SQL follows {@link RunStatus}. */
final class RunStatuses {

    /** Statuses a worker has something to do for, without waiting for a person. */
    static final Set<RunStatus> WORKABLE = Collections.unmodifiableSet(
            EnumSet.copyOf(Arrays.stream(RunStatus.values()).filter(RunStatus::isWorkable).toList()));

    /** Statuses that count against a tenant's concurrent runs: gating, executing or waiting for a decision. */
    static final Set<RunStatus> ACTIVE = Collections.unmodifiableSet(
            EnumSet.of(RunStatus.GATING, RunStatus.RUNNING, RunStatus.HEALING, RunStatus.AWAITING_DECISION));

    private RunStatuses() {
    }

    /**
     * {@code ('A', 'B', …)} in the enum's declaration order. The queries were written in that order, and a partial index is
     * used only when the query's predicate implies the index's, so a list keeps the form its index was created with.
     */
    static String sqlList(Set<RunStatus> statuses) {
        return statuses.stream().sorted().map(status -> "'" + status.name() + "'").collect(Collectors.joining(", ", "(", ")"));
    }

    /** The workable statuses other than {@code excluded}. */
    static Set<RunStatus> workableBut(RunStatus excluded) {
        Set<RunStatus> statuses = EnumSet.copyOf(WORKABLE);
        statuses.remove(excluded);
        return statuses;
    }
}

package io.cku.orchestrator.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.cku.orchestrator.GateResult;
import io.cku.orchestrator.HealingAction;
import io.cku.orchestrator.Run;
import io.cku.orchestrator.RunId;
import io.cku.orchestrator.RunStatus;
import io.cku.orchestrator.Step;

/** The rows that hang off a run (its steps, gate decisions and healing actions), written with the run's own row by {@link RunRows}. */
@Repository
class RunChildRows {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final RunRowMapper mapper;

    RunChildRows(JdbcClient jdbc, JdbcTemplate template, RunRowMapper mapper) {
        this.jdbc = jdbc;
        this.template = template;
        this.mapper = mapper;
    }

    /** The steps of a run just inserted. */
    void insertSteps(Run run) {
        template.batchUpdate("""
                INSERT INTO run_steps (run_id, position, name, skill, intent, params, optional, timeout_ms, status, attempts, retry,
                                       compensation)
                VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?::jsonb, ?::jsonb)""", run.steps(), run.steps().size(),
                (ps, step) -> mapper.bindNewStep(ps, run.id(), step));
    }

    /** Writes the steps that changed, the gates when they changed, and the healing actions added. */
    void save(Run before, Run after) {
        updateSteps(after.id(), changedSteps(before, after));
        if (!before.gates().equals(after.gates())) {
            replaceGates(after, before.status() != RunStatus.PENDING);
        }
        List<HealingAction> added = after.healing().subList(Math.min(before.healing().size(), after.healing().size()), after.healing().size());
        insertHealing(after.id(), added);
    }

    /** The run with its steps (what a worker needs), without gates or healing. */
    Run withSteps(Run run) {
        List<Step> steps = jdbc.sql("SELECT * FROM run_steps WHERE run_id = ? ORDER BY position").param(run.id().value())
                .query((rs, n) -> mapper.step(rs)).list();
        return new Run(run.id(), run.submitter(), run.intent(), run.mode(), run.status(), run.reason(), run.labels(), run.evidence(), steps, List.of(),
                run.outcome(), run.recommendation(), List.of(), run.createdAt(), run.updatedAt());
    }

    /** The run with its steps, gate decisions and healing actions. */
    Run withChildren(Run run) {
        Run withSteps = withSteps(run);
        List<GateResult> gates = jdbc.sql("SELECT * FROM run_gates WHERE run_id = ? ORDER BY position").param(run.id().value())
                .query((rs, n) -> mapper.gate(rs)).list();
        List<HealingAction> healing = jdbc.sql("SELECT * FROM run_healing WHERE run_id = ? ORDER BY id").param(run.id().value())
                .query((rs, n) -> mapper.healing(rs)).list();
        return with(run, withSteps.steps(), gates, healing);
    }

    /** The run with these steps, gate decisions and healing actions. */
    static Run with(Run run, List<Step> steps, List<GateResult> gates, List<HealingAction> healing) {
        return new Run(run.id(), run.submitter(), run.intent(), run.mode(), run.status(), run.reason(), run.labels(), run.evidence(), steps,
                gates, run.outcome(), run.recommendation(), healing, run.createdAt(), run.updatedAt());
    }

    private static List<Step> changedSteps(Run before, Run after) {
        List<Step> changed = new ArrayList<>();
        for (int i = 0; i < after.steps().size(); i++) {
            if (!Objects.equals(before.steps().get(i), after.steps().get(i))) {
                changed.add(after.steps().get(i));
            }
        }
        return changed;
    }

    private void updateSteps(RunId id, List<Step> steps) {
        if (steps.isEmpty()) {
            return;
        }
        template.batchUpdate("""
                UPDATE run_steps SET status = ?, attempts = ?, started_at = ?, finished_at = ?, output = ?::jsonb, error = ?,
                    retry_base = ?, next_attempt_at = ?, attempt_log = ?::jsonb, compensation_error = ?
                WHERE run_id = ? AND position = ?""", steps, steps.size(), (ps, step) -> mapper.bindStepProgress(ps, id, step));
    }

    private void replaceGates(Run run, boolean mayHaveGates) {
        if (mayHaveGates) {
            jdbc.sql("DELETE FROM run_gates WHERE run_id = ?").param(run.id().value()).update();
        }
        if (run.gates().isEmpty()) {
            return;
        }
        template.batchUpdate("""
                INSERT INTO run_gates (run_id, position, gate, decision, reason, decided_at, deadline, escalated, policy_version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                run.gates(), run.gates().size(), (ps, gate) -> mapper.bindGate(ps, run.id(), gate));
    }

    private void insertHealing(RunId id, List<HealingAction> added) {
        if (added.isEmpty()) {
            return;
        }
        template.batchUpdate("INSERT INTO run_healing (run_id, at, action, step, actor, reason) VALUES (?, ?, ?, ?, ?, ?)",
                added, added.size(), (ps, action) -> mapper.bindHealing(ps, id, action));
    }
}

package io.cku.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.cku.shared.Actor;
import io.cku.shared.FailureClass;
import io.cku.shared.Mode;
import io.cku.shared.TenantId;
import io.cku.shared.Verdict;

/** Pins the audit actions and details each representative transition produces, in order: the audit chain depends on them. */
class RunChangedTest {

    private static final Instant SUBMITTED = Instant.parse("2025-01-01T10:00:00Z");
    private static final Instant LATER = SUBMITTED.plusSeconds(60);
    private static final Actor ALICE = new Actor(Actor.Kind.USER, "alice", TenantId.DEFAULT);

    @Test
    void submittingNamesTheModeIntentStepsAndLabels() {
        Run run = submitted("build", "deploy");

        assertThat(new RunChanged(ALICE, null, run).changes()).containsExactly(change("run.submitted",
                Map.of("mode", "dev", "intent", "ship it", "steps", List.of("build (noop)", "deploy (noop)"), "labels", Map.of("team", "core"))));
    }

    @Test
    void gatesPassingRecordEachDecisionThenTheStatus() {
        Run gating = submitted("build").startGating(LATER);
        Run running = gating.gatesDecided(List.of(pass("SECURITY"), pass("QUALITY")), LATER);

        assertThat(actions(gating, running)).containsExactly("run.gate-decided", "run.gate-decided", "run.status-changed");
        assertThat(changes(gating, running).get(0).details())
                .isEqualTo(Map.of("gate", "SECURITY", "verdict", "PASS", "reason", "ok"));
        assertThat(changes(gating, running).get(2).details()).isEqualTo(Map.of("from", "GATING", "to", "RUNNING"));
    }

    @Test
    void aStepStartingAndSucceedingAsTheLastStepFinishesTheRun() {
        Run running = running("build");
        Run started = running.startStep("build", LATER);
        Run succeeded = started.stepSucceeded("build", "{}", LATER);

        assertThat(changes(running, started)).containsExactly(change("run.step-started", Map.of("step", "build", "skill", "noop", "attempt", 1)));
        assertThat(changes(started, succeeded)).containsExactly(
                change("run.step-succeeded", Map.of("step", "build", "skill", "noop", "attempt", 1)),
                change("run.finished", Map.of("from", "RUNNING", "to", "SUCCEEDED", "outcome", "all 1 steps succeeded")));
    }

    @Test
    void aFailureWithARetryScheduledNamesTheClassificationTheHealingAndTheStatus() {
        Run started = running("build").startStep("build", LATER);
        Instant retryAt = LATER.plusSeconds(5);
        Run healing = started.stepFailed("build", failure("down"), Healing.retry(retryAt, 5000, "transient, attempt 1 of 3"), LATER);

        List<RunChanged.Change> changes = changes(started, healing);

        assertThat(changes).extracting(RunChanged.Change::action).containsExactly("run.step-retry-scheduled", "run.healing", "run.status-changed");
        assertThat(changes.get(0).details()).containsEntry("step", "build").containsEntry("error", "down")
                .containsEntry("classification", "TRANSIENT").containsEntry("errorType", "test")
                .containsEntry("nextAttemptAt", retryAt.toString());
        assertThat(changes.get(1).details()).isEqualTo(Map.of("action", "retry-scheduled", "step", "build", "by", "system:system",
                "reason", "transient, attempt 1 of 3"));
        assertThat(changes.get(2).details()).isEqualTo(Map.of("from", "RUNNING", "to", "HEALING",
                "reason", "retrying step 'build': transient, attempt 1 of 3"));
        assertThat(actions(healing, healing.startStep("build", retryAt))).containsExactly("run.status-changed", "run.step-started");
    }

    @Test
    void aRollbackUndoesTheCompletedStepAndEndsRolledBack() {
        Run deployed = running("build", "deploy").startStep("build", LATER).stepSucceeded("build", "{}", LATER).startStep("deploy", LATER);
        Run rolling = deployed.stepFailed("deploy", failure("boom"), Healing.of(Healing.Action.ROLLBACK, "permanent"), LATER);
        Run undoing = rolling.compensationStarted("build", LATER);
        Run undone = undoing.compensated("build", "deleted", LATER);
        Run rolledBack = undone.rollbackFinished(LATER);

        assertThat(actions(deployed, rolling)).containsExactly("run.step-failed", "run.healing", "run.status-changed");
        assertThat(actions(rolling, undoing)).containsExactly("run.step-compensating");
        assertThat(actions(undoing, undone)).containsExactly("run.step-compensated", "run.healing");
        assertThat(changes(undone, rolledBack)).containsExactly(
                change("run.healing", Map.of("action", "rolled-back", "by", "system:system", "reason", rolledBack.outcome())),
                change("run.finished", Map.of("from", "HEALING", "to", "ROLLED_BACK", "reason", rolledBack.outcome(), "outcome", rolledBack.outcome())));
    }

    @Test
    void cancellingEndsTheOpenStepsBeforeTheRun() {
        Run started = running("build", "deploy").startStep("build", LATER);
        Run cancelled = started.cancel(LATER);

        assertThat(changes(started, cancelled)).containsExactly(
                change("run.step-cancelled", Map.of("step", "build", "skill", "noop", "attempt", 1, "error", "run cancelled")),
                change("run.step-cancelled", Map.of("step", "deploy", "skill", "noop", "attempt", 0, "error", "run cancelled")),
                change("run.cancelled", Map.of("from", "RUNNING", "to", "CANCELLED", "reason", "cancelled on request",
                        "outcome", "cancelled on request")));
    }

    @Test
    void aWorkerSaveThatGatesAndStartsTheFirstStepRecordsTheStatusOnceFromWhereTheStoredRunWas() {
        Run stored = stored(submitted("build"));
        Run advanced = stored.startGating(LATER).gatesDecided(List.of(pass("SECURITY")), LATER).startStep("build", LATER);

        assertThat(changes(stored, advanced)).containsExactly(
                change("run.gate-decided", Map.of("gate", "SECURITY", "verdict", "PASS", "reason", "ok")),
                change("run.status-changed", Map.of("from", "PENDING", "to", "RUNNING")),
                change("run.step-started", Map.of("step", "build", "skill", "noop", "attempt", 1)));
    }

    @Test
    void aPersonsDecisionIsRecordedAsTheirsAndOnlyTheEventsSinceTheLastSaveCount() {
        Run waiting = running("build").startStep("build", LATER)
                .stepFailed("build", failure("down"), Healing.awaitDecision(Decision.RETRY, "needs a person"), LATER);
        Run retried = waiting.decided(Decision.RETRY, ALICE, "endpoint is back", LATER);

        List<RunChanged.Change> changes = changes(waiting, retried);

        assertThat(changes).filteredOn(c -> c.action().equals("run.healing")).singleElement()
                .satisfies(c -> assertThat(c.details()).containsEntry("by", "user:alice").containsEntry("action", "decided-retry"));
        assertThat(changes).extracting(RunChanged.Change::action).doesNotContain("run.submitted", "run.step-failed")
                .endsWith("run.status-changed");
    }

    private static Run stored(Run run) {
        return new Run(run.id(), run.submitter(), run.intent(), run.mode(), run.status(), run.reason(), run.labels(), run.evidence(),
                run.steps(), run.gates(), run.outcome(), run.recommendation(), run.healing(), run.createdAt(), run.updatedAt());
    }

    private static List<RunChanged.Change> changes(Run before, Run after) {
        return new RunChanged(Actor.system(TenantId.DEFAULT), before, after).changes();
    }

    private static List<String> actions(Run before, Run after) {
        return changes(before, after).stream().map(RunChanged.Change::action).toList();
    }

    private static RunChanged.Change change(String action, Map<String, Object> details) {
        return new RunChanged.Change(action, details);
    }

    private static Run submitted(String... names) {
        List<Step> steps = IntStream.range(0, names.length)
                .mapToObj(i -> Step.planned(i, names[i], "noop", null, Map.of(), false, null, null, new Compensation("http", Map.of(), false, null))).toList();
        return Run.submitted(RunId.random(), ALICE, "ship it", Mode.DEV, Map.of("team", "core"), Map.of(), steps, SUBMITTED);
    }

    private static Run running(String... names) {
        return submitted(names).startGating(SUBMITTED).gatesDecided(List.of(pass("SECURITY")), SUBMITTED);
    }

    private static Attempt failure(String error) {
        return Attempt.failed(1, LATER, LATER, FailureClass.TRANSIENT, "test", error);
    }

    private static GateResult pass(String gate) {
        return new GateResult(gate, 1, Verdict.PASS, "ok", SUBMITTED);
    }
}

package io.cku.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.cku.shared.Actor;
import io.cku.shared.FailureClass;
import io.cku.shared.Mode;
import io.cku.shared.TenantId;
import io.cku.shared.Verdict;

class RunTest {

    private static final Instant SUBMITTED = Instant.parse("2025-01-01T10:00:00Z");
    private static final Instant LATER = SUBMITTED.plusSeconds(60);

    @Test
    void submittedRunIsPendingWithPlannedStepsAndNoGates() {
        Run run = submitted(required("build"), required("deploy"));

        assertThat(run.status()).isEqualTo(RunStatus.PENDING);
        assertThat(run.reason()).isNull();
        assertThat(run.outcome()).isNull();
        assertThat(run.gates()).isEmpty();
        assertThat(run.steps()).extracting(Step::status).containsOnly(StepStatus.PENDING);
        assertThat(run.createdAt()).isEqualTo(SUBMITTED);
        assertThat(run.updatedAt()).isEqualTo(SUBMITTED);
        assertThat(run.currentStep()).map(Step::name).contains("build");
    }

    @Test
    void startGatingMovesPendingRunToGatingAndStampsTheTime() {
        Run gating = submitted(required("build")).startGating(LATER);

        assertThat(gating.status()).isEqualTo(RunStatus.GATING);
        assertThat(gating.updatedAt()).isEqualTo(LATER);
        assertThat(gating.createdAt()).isEqualTo(SUBMITTED);
    }

    @Test
    void startGatingAgainAfterRestartDuringGatingIsAllowed() {
        Run gating = submitted(required("build")).startGating(LATER);

        assertThat(gating.startGating(LATER.plusSeconds(1)).status()).isEqualTo(RunStatus.GATING);
    }

    @Test
    void allGatesPassingLetsTheRunStartRunningAndRecordsEveryDecision() {
        List<GateResult> decisions = List.of(pass("SECURITY", 1), pass("QUALITY", 2), pass("OPERATIONS", 3));

        Run run = submitted(required("build")).startGating(LATER).gatesDecided(decisions, LATER);

        assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(run.reason()).isNull();
        assertThat(run.gates()).containsExactlyElementsOf(decisions);
    }

    @Test
    void rejectingGateEndsTheRunRejectedWithAnOutcomeNamingTheGate() {
        List<GateResult> decisions = List.of(pass("SECURITY", 1),
                new GateResult("QUALITY", 2, Verdict.REJECT, "coverage 50% is below 80%", LATER));

        Run run = submitted(required("build")).startGating(LATER).gatesDecided(decisions, LATER);

        assertThat(run.status()).isEqualTo(RunStatus.REJECTED);
        assertThat(run.status().isTerminal()).isTrue();
        assertThat(run.outcome()).isEqualTo("rejected by gate QUALITY: coverage 50% is below 80%");
        assertThat(run.reason()).isEqualTo("QUALITY: coverage 50% is below 80%");
        assertThat(run.gates()).containsExactlyElementsOf(decisions);
    }

    @Test
    void pausingGateMakesTheRunAwaitApprovalWithTheGatesReason() {
        List<GateResult> decisions = List.of(pass("SECURITY", 1),
                new GateResult("CONSENSUS", 8, Verdict.PAUSE, "needs two approvers", LATER));

        Run run = submitted(required("build")).startGating(LATER).gatesDecided(decisions, LATER);

        assertThat(run.status()).isEqualTo(RunStatus.AWAITING_APPROVAL);
        assertThat(run.reason()).isEqualTo("CONSENSUS: needs two approvers");
        assertThat(run.outcome()).isNull();
        assertThat(run.status().isTerminal()).isFalse();
    }

    @Test
    void firstNonPassingGateDecidesWhenAPauseComesBeforeAReject() {
        List<GateResult> decisions = List.of(
                new GateResult("PLAN_APPROVAL", 4, Verdict.PAUSE, "approve the plan", LATER),
                new GateResult("POLICY", 9, Verdict.REJECT, "forbidden", LATER));

        Run run = submitted(required("build")).startGating(LATER).gatesDecided(decisions, LATER);

        assertThat(run.status()).isEqualTo(RunStatus.AWAITING_APPROVAL);
        assertThat(run.reason()).startsWith("PLAN_APPROVAL");
    }

    @Test
    void recordingGateDecisionsIsRefusedUnlessTheRunIsGating() {
        Run pending = submitted(required("build"));

        IllegalTransition refused = catchThrowableOfType(IllegalTransition.class,
                () -> pending.gatesDecided(List.of(pass("SECURITY", 1)), LATER));

        assertThat(refused.status()).isEqualTo(RunStatus.PENDING);
    }

    @Test
    void succeedingEveryStepInTurnEndsTheRunSucceededWithAnOutcome() {
        Run run = running(required("build"), required("deploy"));

        run = run.startStep("build", LATER).stepSucceeded("build", "{\"ok\":true}", LATER);
        assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(run.currentStep()).map(Step::name).contains("deploy");

        run = run.startStep("deploy", LATER).stepSucceeded("deploy", "{}", LATER);

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.outcome()).isEqualTo("all 2 steps succeeded");
        assertThat(run.currentStep()).isEmpty();
        assertThat(run.steps()).extracting(Step::status).containsOnly(StepStatus.SUCCEEDED);
        assertThat(run.steps().get(0).output()).isEqualTo("{\"ok\":true}");
        assertThat(run.steps().get(0).finishedAt()).isEqualTo(LATER);
    }

    @Test
    void startingAStepMarksItRunningWithItsFirstAttempt() {
        Instant started = LATER.plusSeconds(5);

        Step step = running(required("build")).startStep("build", started).steps().get(0);

        assertThat(step.status()).isEqualTo(StepStatus.RUNNING);
        assertThat(step.attempts()).isEqualTo(1);
        assertThat(step.startedAt()).isEqualTo(started);
    }

    @Test
    void failingOptionalStepIsSkippedAndTheRunEndsPartial() {
        Run run = running(required("build"), optional("notify"), required("deploy"));

        run = run.startStep("build", LATER).stepSucceeded("build", "{}", LATER);
        run = run.startStep("notify", LATER).stepFailed("notify", failure("smtp down"), Healing.of(Healing.Action.SKIP, "optional"), LATER);

        assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(run.steps().get(1).status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(run.steps().get(1).error()).isEqualTo("smtp down");

        run = run.startStep("deploy", LATER).stepSucceeded("deploy", "{}", LATER);

        assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(run.outcome()).isEqualTo("2 of 3 steps succeeded; 1 optional skipped");
    }

    @Test
    void failingRequiredStepFailsTheRunWithTheReason() {
        Run run = running(required("build"), required("deploy"));

        run = run.startStep("build", LATER).stepFailed("build", failure("compiler crashed"), Healing.of(Healing.Action.FAIL, "compiler crashed"), LATER);

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.reason()).isEqualTo("step 'build' failed: compiler crashed (compiler crashed)");
        assertThat(run.outcome()).isEqualTo("step 'build' failed: compiler crashed (compiler crashed)");
        assertThat(run.steps().get(0).status()).isEqualTo(StepStatus.FAILED);
        assertThat(run.steps().get(0).error()).isEqualTo("compiler crashed");
    }

    @Test
    void aStepCutShortByAStoppedWorkerIsResumedAsAnotherAttempt() {
        Run run = running(required("build")).startStep("build", LATER);
        Attempt cut = run.steps().get(0).failedAttempt(FailureClass.TRANSIENT, "worker-stopped", "its worker stopped", LATER.plusSeconds(20));

        Run resumed = run.stepFailed("build", cut, Healing.retry(LATER.plusSeconds(30), 10_000, "transient"), LATER.plusSeconds(20))
                .startStep("build", LATER.plusSeconds(30));

        Step step = resumed.steps().get(0);
        assertThat(step.status()).isEqualTo(StepStatus.RUNNING);
        assertThat(step.attempts()).isEqualTo(2);
        assertThat(step.startedAt()).isEqualTo(LATER.plusSeconds(30));
        assertThat(step.attemptLog()).extracting(Attempt::errorType).containsExactly("worker-stopped");
        assertThatThrownBy(() -> resumed.startStep("build", LATER.plusSeconds(40))).as("a step in flight is not started twice")
                .isInstanceOf(IllegalTransition.class);
    }

    @Test
    void startingAStepThatIsNotTheCurrentOneIsRefused() {
        Run run = running(required("build"), required("deploy"));

        assertThatThrownBy(() -> run.startStep("deploy", LATER))
                .isInstanceOf(IllegalTransition.class)
                .hasMessageContaining("'deploy' is not the current step")
                .hasMessageContaining("'build' is");
    }

    @Test
    void finishingAStepThatHasNotStartedIsRefused() {
        Run run = running(required("build"));

        assertThatThrownBy(() -> run.stepSucceeded("build", "{}", LATER))
                .isInstanceOf(IllegalTransition.class)
                .hasMessageContaining("PENDING, not RUNNING");
        assertThatThrownBy(() -> run.stepFailed("build", failure("boom"), Healing.of(Healing.Action.FAIL, "boom"), LATER))
                .isInstanceOf(IllegalTransition.class);
    }

    @Test
    void startingAStepIsRefusedBeforeTheGatesLetTheRunRun() {
        Run gating = submitted(required("build")).startGating(LATER);

        IllegalTransition refused = catchThrowableOfType(IllegalTransition.class, () -> gating.startStep("build", LATER));

        assertThat(refused.status()).isEqualTo(RunStatus.GATING);
    }

    @Test
    void cancellingAPendingRunCancelsEveryStep() {
        Run cancelled = submitted(required("build"), required("deploy")).cancel(LATER);

        assertThat(cancelled.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(cancelled.outcome()).isEqualTo("cancelled on request");
        assertThat(cancelled.steps()).extracting(Step::status).containsOnly(StepStatus.CANCELLED);
        assertThat(cancelled.steps()).extracting(Step::error).containsOnly("run cancelled");
    }

    @Test
    void cancellingARunningRunCancelsOpenStepsAndLeavesFinishedStepsAlone() {
        Run run = running(required("build"), optional("lint"), required("test"), required("deploy"));
        run = run.startStep("build", LATER).stepSucceeded("build", "{\"built\":1}", LATER);
        run = run.startStep("lint", LATER).stepFailed("lint", failure("linter missing"), Healing.of(Healing.Action.SKIP, "optional"), LATER);
        run = run.startStep("test", LATER);
        Step built = run.steps().get(0);
        Step skipped = run.steps().get(1);

        Run cancelled = run.cancel(LATER.plusSeconds(10));

        assertThat(cancelled.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(cancelled.steps().get(0)).isEqualTo(built);
        assertThat(cancelled.steps().get(1)).isEqualTo(skipped);
        assertThat(cancelled.steps().subList(2, 4)).extracting(Step::status)
                .containsOnly(StepStatus.CANCELLED);
        assertThat(cancelled.steps().get(2).attempts()).isEqualTo(1);
        assertThat(cancelled.steps().get(2).finishedAt()).isEqualTo(LATER.plusSeconds(10));
    }

    @Test
    void cancellingARunAwaitingApprovalIsAllowed() {
        Run awaiting = submitted(required("build")).startGating(LATER)
                .gatesDecided(List.of(new GateResult("CONSENSUS", 8, Verdict.PAUSE, "quorum", LATER)), LATER);

        assertThat(awaiting.cancel(LATER).status()).isEqualTo(RunStatus.CANCELLED);
    }

    @Test
    void cancellingAnEndedRunIsRefusedWithTheStatusItEndedIn() {
        Run succeeded = running(required("build")).startStep("build", LATER).stepSucceeded("build", "{}", LATER);

        IllegalTransition refused = catchThrowableOfType(IllegalTransition.class, () -> succeeded.cancel(LATER));

        assertThat(refused).isNotNull();
        assertThat(refused.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(refused).hasMessageContaining("cannot cancel").hasMessageContaining("SUCCEEDED");
    }

    @ParameterizedTest
    @EnumSource(value = RunStatus.class, names = {"SUCCEEDED", "PARTIAL", "FAILED", "ROLLED_BACK", "REJECTED", "CANCELLED"})
    void everyTransitionOnAnEndedRunIsRefused(RunStatus terminal) {
        Run ended = inStatus(terminal, required("build"));
        List<UnaryOperator<Run>> transitions = List.of(
                run -> run.startGating(LATER),
                run -> run.gatesDecided(List.of(pass("SECURITY", 1)), LATER),
                run -> run.startStep("build", LATER),
                run -> run.stepSucceeded("build", "{}", LATER),
                run -> run.stepFailed("build", failure("boom"), Healing.of(Healing.Action.FAIL, "boom"), LATER),
                run -> run.awaitDecision("why", Decision.ABORT, LATER),
                run -> run.cancel(LATER));

        for (UnaryOperator<Run> transition : transitions) {
            IllegalTransition refused = catchThrowableOfType(IllegalTransition.class, () -> transition.apply(ended));
            assertThat(refused).as("a transition on a %s run", terminal).isNotNull();
            assertThat(refused.status()).isEqualTo(terminal);
        }
    }

    @Test
    void terminalStatusesAreExactlyTheSixEndings() {
        EnumSet<RunStatus> terminal = EnumSet.noneOf(RunStatus.class);
        for (RunStatus status : RunStatus.values()) {
            if (status.isTerminal()) {
                terminal.add(status);
            }
        }

        assertThat(terminal).containsExactlyInAnyOrder(RunStatus.SUCCEEDED, RunStatus.PARTIAL, RunStatus.FAILED,
                RunStatus.ROLLED_BACK, RunStatus.REJECTED, RunStatus.CANCELLED);
    }

    @Test
    void awaitDecisionMovesARunningRunToAwaitingDecisionWithTheReason() {
        Run waiting = running(required("build")).startStep("build", LATER).awaitDecision("healing needs a person", Decision.ABORT, LATER);

        assertThat(waiting.status()).isEqualTo(RunStatus.AWAITING_DECISION);
        assertThat(waiting.reason()).isEqualTo("healing needs a person");
        assertThat(waiting.outcome()).isNull();
    }

    @Test
    void awaitDecisionIsRefusedUnlessTheRunIsRunning() {
        Run pending = submitted(required("build"));

        IllegalTransition refused = catchThrowableOfType(IllegalTransition.class, () -> pending.awaitDecision("why", Decision.ABORT, LATER));

        assertThat(refused.status()).isEqualTo(RunStatus.PENDING);
    }

    @Test
    void transitionsReturnNewRunsAndNeverChangeTheOriginal() {
        Run pending = submitted(required("build"), optional("notify"));
        Run pendingCopy = copyOf(pending);

        Run gating = pending.startGating(LATER);
        Run gatingCopy = copyOf(gating);
        Run running = gating.gatesDecided(List.of(pass("SECURITY", 1)), LATER);
        Run runningCopy = copyOf(running);
        Run started = running.startStep("build", LATER);
        Run startedCopy = copyOf(started);
        Run succeeded = started.stepSucceeded("build", "{}", LATER);
        Run succeededCopy = copyOf(succeeded);
        succeeded.startStep("notify", LATER).stepFailed("notify", failure("down"), Healing.of(Healing.Action.SKIP, "optional"), LATER);
        succeeded.cancel(LATER);
        started.awaitDecision("why", Decision.ABORT, LATER);

        assertThat(pending).isEqualTo(pendingCopy);
        assertThat(gating).isEqualTo(gatingCopy);
        assertThat(running).isEqualTo(runningCopy);
        assertThat(started).isEqualTo(startedCopy);
        assertThat(succeeded).isEqualTo(succeededCopy);
        assertThat(pending.status()).isEqualTo(RunStatus.PENDING);
        assertThat(started.steps().get(0).status()).isEqualTo(StepStatus.RUNNING);
    }

    @Test
    void stepsAndGatesOfARunCannotBeModified() {
        Run run = running(required("build"));

        assertThatThrownBy(() -> run.steps().add(required("extra"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> run.gates().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    private static Run submitted(Step... steps) {
        return Run.submitted(RunId.random(), new Actor(Actor.Kind.USER, "alice", TenantId.DEFAULT), "ship it", Mode.DEV, Map.of("team", "core"), Map.of(), numbered(steps), SUBMITTED);
    }

    /** The plan in the given order, positions 0, 1, 2, ... as the run expects them to be distinct. */
    private static List<Step> numbered(Step... steps) {
        return IntStream.range(0, steps.length)
                .mapToObj(i -> Step.planned(i, steps[i].name(), steps[i].skill(), steps[i].intent(), steps[i].params(),
                        steps[i].optional(), steps[i].timeoutMs(), null, null))
                .toList();
    }

    private static Run running(Step... steps) {
        return submitted(steps).startGating(SUBMITTED).gatesDecided(List.of(pass("SECURITY", 1)), SUBMITTED);
    }

    /** A run forced into a status the way a repository would load it. */
    private static Run inStatus(RunStatus status, Step... steps) {
        Run run = submitted(steps);
        return new Run(run.id(), run.submitter(), run.intent(), run.mode(), status, "ended", run.labels(), run.evidence(), run.steps(),
                run.gates(), "ended", null, List.of(), run.createdAt(), run.updatedAt());
    }

    private static Run copyOf(Run run) {
        return new Run(run.id(), run.submitter(), run.intent(), run.mode(), run.status(), run.reason(), Map.copyOf(run.labels()),
                Map.copyOf(run.evidence()), List.copyOf(run.steps()), List.copyOf(run.gates()), run.outcome(),
                run.recommendation(), List.copyOf(run.healing()), run.createdAt(), run.updatedAt());
    }

    private static Step required(String name) {
        return Step.planned(0, name, "noop", null, Map.of(), false, null, null, null);
    }

    private static Step optional(String name) {
        return Step.planned(0, name, "noop", null, Map.of(), true, null, null, null);
    }

    private static Attempt failure(String error) {
        return Attempt.failed(1, LATER, LATER, FailureClass.PERMANENT, "test", error);
    }

    private static GateResult pass(String gate, int order) {
        return new GateResult(gate, order, Verdict.PASS, "ok", SUBMITTED);
    }
}

package io.cku.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.cku.shared.Actor;
import io.cku.shared.FailureClass;
import io.cku.shared.Mode;
import io.cku.shared.TenantId;
import io.cku.shared.Verdict;

/** How a run heals after a failed attempt: retries, skips, rollbacks, people's decisions and human checkpoints. */
class RunHealingTest {

    private static final Instant SUBMITTED = Instant.parse("2025-01-01T10:00:00Z");
    private static final Instant LATER = SUBMITTED.plusSeconds(60);
    private static final Instant FAILED_AT = LATER.plusSeconds(10);
    private static final Instant RETRY_AT = FAILED_AT.plusMillis(2_000);
    private static final Instant DECIDED_AT = FAILED_AT.plusSeconds(300);
    private static final Actor ALICE = new Actor(Actor.Kind.USER, "alice", TenantId.DEFAULT);
    private static final String SYSTEM = "system:system";

    @Nested
    class Retry {

        @Test
        void scheduledRetryKeepsTheRunHealingUntilDueThenTheSecondAttemptSucceeds() {
            Run run = running(required("deploy")).startStep("deploy", LATER);

            Run healing = run.stepFailed("deploy", transient503(1), Healing.retry(RETRY_AT, 2_000, "attempt 1 of 3 failed"),
                    FAILED_AT);

            assertThat(healing.status()).isEqualTo(RunStatus.HEALING);
            assertThat(healing.reason()).isEqualTo("retrying step 'deploy': attempt 1 of 3 failed");
            assertThat(healing.rollingBack()).isFalse();
            assertThat(healing.dueAt()).isEqualTo(RETRY_AT);
            Step waiting = healing.steps().get(0);
            assertThat(waiting.status()).isEqualTo(StepStatus.RETRY_SCHEDULED);
            assertThat(waiting.nextAttemptAt()).isEqualTo(RETRY_AT);
            assertThat(waiting.error()).isEqualTo("service unavailable");
            assertThat(waiting.attemptLog()).singleElement().satisfies(attempt -> {
                assertThat(attempt.number()).isEqualTo(1);
                assertThat(attempt.succeeded()).isFalse();
                assertThat(attempt.classification()).isEqualTo(FailureClass.TRANSIENT);
                assertThat(attempt.errorType()).isEqualTo("http-503");
                assertThat(attempt.delayMs()).isEqualTo(2_000L);
                assertThat(attempt.nextAttemptAt()).isEqualTo(RETRY_AT);
            });
            assertThat(healing.healing()).singleElement().satisfies(action -> {
                assertThat(action.action()).isEqualTo("retry-scheduled");
                assertThat(action.step()).isEqualTo("deploy");
                assertThat(action.actor()).isEqualTo(SYSTEM);
                assertThat(action.reason()).isEqualTo("attempt 1 of 3 failed");
                assertThat(action.at()).isEqualTo(FAILED_AT);
            });

            Run retried = healing.startStep("deploy", RETRY_AT);

            assertThat(retried.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(retried.reason()).isNull();
            assertThat(retried.dueAt()).isNull();
            Step again = retried.steps().get(0);
            assertThat(again.status()).isEqualTo(StepStatus.RUNNING);
            assertThat(again.attempts()).isEqualTo(2);
            assertThat(again.attemptsInWindow()).isEqualTo(2);
            assertThat(again.nextAttemptAt()).isNull();
            assertThat(again.startedAt()).isEqualTo(RETRY_AT);

            Run done = retried.stepSucceeded("deploy", "{\"deployed\":true}", RETRY_AT.plusSeconds(1));

            assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(done.steps().get(0).status()).isEqualTo(StepStatus.SUCCEEDED);
            assertThat(done.steps().get(0).attemptLog()).extracting(Attempt::number, Attempt::succeeded)
                    .containsExactly(tuple(1, false), tuple(2, true));
            assertThat(done.healing()).extracting(HealingAction::action).containsExactly("retry-scheduled");
        }

        @Test
        void theRetryCannotStartWhileTheRunIsRunningRatherThanHealing() {
            Run healing = running(required("deploy")).startStep("deploy", LATER)
                    .stepFailed("deploy", transient503(1), Healing.retry(RETRY_AT, 2_000, "transient"), FAILED_AT);
            Run loadedAsRunning = withStatus(healing, RunStatus.RUNNING);

            IllegalTransition refused = catchThrowableOfType(IllegalTransition.class, () -> loadedAsRunning.startStep("deploy", RETRY_AT));

            assertThat(refused).isNotNull().hasMessageContaining("RETRY_SCHEDULED");
            assertThat(refused.status()).isEqualTo(RunStatus.RUNNING);
        }

        @Test
        void cancellingDuringARetryWaitCancelsTheWaitingStepAndNothingIsDueAnyMore() {
            Run healing = running(required("deploy"), required("verify")).startStep("deploy", LATER)
                    .stepFailed("deploy", transient503(1), Healing.retry(RETRY_AT, 2_000, "transient"), FAILED_AT);

            Run cancelled = healing.cancel(FAILED_AT.plusSeconds(1));

            assertThat(cancelled.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(cancelled.dueAt()).isNull();
            assertThat(cancelled.rollingBack()).isFalse();
            assertThat(cancelled.steps()).extracting(Step::status).containsExactly(StepStatus.CANCELLED, StepStatus.CANCELLED);
            assertThat(cancelled.steps().get(0).nextAttemptAt()).isNull();
            assertThat(cancelled.steps().get(0).error()).isEqualTo("run cancelled");
            assertThat(cancelled.steps().get(0).attemptLog()).hasSize(1);
        }
    }

    @Nested
    class Skip {

        @Test
        void failedOptionalStepIsSkippedAndTheRunGoesOnToEndPartial() {
            Run run = running(required("build"), optional("notify"), required("deploy"));
            run = run.startStep("build", LATER).stepSucceeded("build", "{}", LATER);

            run = run.startStep("notify", LATER).stepFailed("notify", permanent(1, "smtp down"),
                    Healing.of(Healing.Action.SKIP, "optional step"), FAILED_AT);

            assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(run.currentStep()).map(Step::name).contains("deploy");
            Step skipped = run.steps().get(1);
            assertThat(skipped.status()).isEqualTo(StepStatus.SKIPPED);
            assertThat(skipped.error()).isEqualTo("smtp down");
            assertThat(skipped.attemptLog()).extracting(Attempt::errorType).containsExactly("http-400");
            assertThat(run.healing()).singleElement().satisfies(action -> {
                assertThat(action.action()).isEqualTo("skipped");
                assertThat(action.step()).isEqualTo("notify");
                assertThat(action.actor()).isEqualTo(SYSTEM);
                assertThat(action.reason()).isEqualTo("optional step");
            });

            run = run.startStep("deploy", LATER).stepSucceeded("deploy", "{}", LATER);

            assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);
            assertThat(run.outcome()).isEqualTo("2 of 3 steps succeeded; 1 optional skipped");
        }
    }

    @Nested
    class Rollback {

        @Test
        void undoesCompletedStepsInReverseOrderAndEndsRolledBack() {
            Run run = succeededThrough(running(undoable("write"), undoable("deploy"), required("migrate")), "write", "deploy");

            Run healing = run.startStep("migrate", LATER).stepFailed("migrate", permanent(1, "schema locked"),
                    Healing.of(Healing.Action.ROLLBACK, "permanent failure"), FAILED_AT);

            assertThat(healing.status()).isEqualTo(RunStatus.HEALING);
            assertThat(healing.rollingBack()).isTrue();
            assertThat(healing.dueAt()).isNull();
            assertThat(healing.reason()).isEqualTo("rolling back: step 'migrate' failed: schema locked (permanent failure)");
            assertThat(healing.steps().get(2).status()).isEqualTo(StepStatus.FAILED);
            assertThat(healing.healing()).extracting(HealingAction::action, HealingAction::step)
                    .containsExactly(tuple("rollback-started", "migrate"));
            assertThat(healing.nextToCompensate()).map(Step::name).contains("deploy");

            Run undoingDeploy = healing.compensationStarted("deploy", FAILED_AT.plusSeconds(1));
            assertThat(undoingDeploy.steps().get(1).status()).isEqualTo(StepStatus.COMPENSATING);
            assertThat(undoingDeploy.nextToCompensate()).map(Step::name).contains("deploy");

            Run deployUndone = undoingDeploy.compensated("deploy", "undone: {}", FAILED_AT.plusSeconds(2));
            assertThat(deployUndone.steps().get(1).status()).isEqualTo(StepStatus.COMPENSATED);
            assertThat(deployUndone.nextToCompensate()).map(Step::name).contains("write");

            Run bothUndone = deployUndone.compensationStarted("write", FAILED_AT.plusSeconds(3))
                    .compensated("write", "undone: {}", FAILED_AT.plusSeconds(4));
            assertThat(bothUndone.nextToCompensate()).isEmpty();

            Run rolledBack = bothUndone.rollbackFinished(FAILED_AT.plusSeconds(5));

            assertThat(rolledBack.status()).isEqualTo(RunStatus.ROLLED_BACK);
            assertThat(rolledBack.outcome()).isEqualTo("step 'migrate' failed (schema locked); undone in reverse order: deploy, write");
            assertThat(rolledBack.reason()).isEqualTo(rolledBack.outcome());
            assertThat(rolledBack.steps()).extracting(Step::status)
                    .containsExactly(StepStatus.COMPENSATED, StepStatus.COMPENSATED, StepStatus.FAILED);
            assertThat(rolledBack.healing()).extracting(HealingAction::action, HealingAction::step).containsExactly(
                    tuple("rollback-started", "migrate"),
                    tuple("compensated", "deploy"),
                    tuple("compensated", "write"),
                    tuple("rolled-back", null));
            assertThat(rolledBack.healing()).extracting(HealingAction::actor).containsOnly(SYSTEM);
            assertThat(rolledBack.healing().get(1).reason()).isEqualTo("undone: {}");
        }

        @Test
        void namesStepsWithoutCompensationAsNotUndoneAndCancelsTheStepsThatNeverRan() {
            Run run = succeededThrough(running(required("lint"), undoable("write"), required("migrate"), required("notify")),
                    "lint", "write");
            run = run.startStep("migrate", LATER).stepFailed("migrate", permanent(1, "schema locked"),
                    Healing.of(Healing.Action.ROLLBACK, "permanent failure"), FAILED_AT);

            assertThat(run.nextToCompensate()).map(Step::name).contains("write");
            run = run.compensationStarted("write", FAILED_AT).compensated("write", "undone", FAILED_AT);
            assertThat(run.nextToCompensate()).isEmpty();
            Run rolledBack = run.rollbackFinished(FAILED_AT.plusSeconds(1));

            assertThat(rolledBack.status()).isEqualTo(RunStatus.ROLLED_BACK);
            assertThat(rolledBack.outcome())
                    .isEqualTo("step 'migrate' failed (schema locked); undone in reverse order: write; not undone (no compensation): lint");
            assertThat(rolledBack.steps()).extracting(Step::status).containsExactly(
                    StepStatus.SUCCEEDED, StepStatus.COMPENSATED, StepStatus.FAILED, StepStatus.CANCELLED);
            assertThat(rolledBack.steps().get(3).error()).isEqualTo("run rolled back");
            assertThat(rolledBack.steps().get(3).finishedAt()).isEqualTo(FAILED_AT.plusSeconds(1));
        }

        @Test
        void finishingARollbackThatUndidNothingFailsTheRun() {
            Run run = succeededThrough(running(required("lint"), required("migrate")), "lint");
            run = run.startStep("migrate", LATER).stepFailed("migrate", permanent(1, "schema locked"),
                    Healing.of(Healing.Action.ROLLBACK, "permanent failure"), FAILED_AT);
            assertThat(run.anythingToUndo()).isFalse();
            assertThat(run.nextToCompensate()).isEmpty();

            Run failed = run.rollbackFinished(FAILED_AT.plusSeconds(1));

            assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
            assertThat(failed.outcome()).isEqualTo("step 'migrate' failed (schema locked); nothing was undone; not undone (no compensation): lint");
            assertThat(failed.healing()).extracting(HealingAction::action).containsExactly("rollback-started", "failed");
        }

        @Test
        void theRollbackCannotFinishWhileACompletedStepIsLeftToUndo() {
            Run run = succeededThrough(running(undoable("write"), required("migrate")), "write");
            Run healing = run.startStep("migrate", LATER).stepFailed("migrate", permanent(1, "boom"),
                    Healing.of(Healing.Action.ROLLBACK, "permanent failure"), FAILED_AT);

            assertThatThrownBy(() -> healing.rollbackFinished(FAILED_AT)).isInstanceOf(IllegalTransition.class)
                    .hasMessageContaining("finish the rollback");
        }

        @Test
        void onlyACompletedStepWithACompensationCanBeUndone() {
            Run run = succeededThrough(running(required("lint"), undoable("write"), required("migrate")), "lint", "write");
            Run healing = run.startStep("migrate", LATER).stepFailed("migrate", permanent(1, "boom"),
                    Healing.of(Healing.Action.ROLLBACK, "permanent failure"), FAILED_AT);

            assertThatThrownBy(() -> healing.compensationStarted("lint", FAILED_AT)).isInstanceOf(IllegalTransition.class)
                    .hasMessageContaining("'lint' is SUCCEEDED and has no compensation");
            assertThatThrownBy(() -> healing.compensated("write", "undone", FAILED_AT)).isInstanceOf(IllegalTransition.class)
                    .hasMessageContaining("not COMPENSATING");
        }

        @Test
        void undoingIsRefusedWhileTheRunIsNotRollingBack() {
            Run run = succeededThrough(running(undoable("write"), required("migrate")), "write");

            IllegalTransition refused = catchThrowableOfType(IllegalTransition.class, () -> run.compensationStarted("write", LATER));

            assertThat(refused).isNotNull().hasMessageContaining("undo step write");
            assertThat(refused.status()).isEqualTo(RunStatus.RUNNING);
        }
    }

    @Nested
    class CompensationFailure {

        @Test
        void failedUndoWaitsForADecisionRecommendingRetry() {
            Run undoing = rollingBackWith("write", "deploy").compensationStarted("deploy", FAILED_AT.plusSeconds(1));

            Run waiting = undoing.compensationFailed("deploy", "undo endpoint returned 500", FAILED_AT.plusSeconds(2));

            assertThat(waiting.status()).isEqualTo(RunStatus.AWAITING_DECISION);
            assertThat(waiting.recommendation()).isEqualTo(Decision.RETRY);
            assertThat(waiting.reason()).isEqualTo("undoing step 'deploy' failed: undo endpoint returned 500");
            Step deploy = waiting.steps().get(1);
            assertThat(deploy.status()).isEqualTo(StepStatus.COMPENSATION_FAILED);
            assertThat(deploy.compensationError()).isEqualTo("undo endpoint returned 500");
            assertThat(waiting.healing()).last().satisfies(action -> {
                assertThat(action.action()).isEqualTo("compensation-failed");
                assertThat(action.step()).isEqualTo("deploy");
                assertThat(action.actor()).isEqualTo(SYSTEM);
            });
        }

        @Test
        void skippingTheFailedUndoGoesOnUndoingTheOthers() {
            Run waiting = compensationFailedAt("deploy");

            Run healing = waiting.decided(Decision.SKIP, ALICE, "undo by hand", DECIDED_AT);

            assertThat(healing.status()).isEqualTo(RunStatus.HEALING);
            assertThat(healing.rollingBack()).isTrue();
            assertThat(healing.recommendation()).isNull();
            assertThat(healing.reason()).isEqualTo("rolling back: user:alice decided skip: undo by hand");
            assertThat(healing.steps().get(1).status()).isEqualTo(StepStatus.COMPENSATION_SKIPPED);
            assertThat(healing.steps().get(1).compensationError()).isEqualTo("undo endpoint returned 500");
            assertThat(healing.healing()).last().satisfies(action -> {
                assertThat(action.action()).isEqualTo("decided-skip");
                assertThat(action.step()).isEqualTo("deploy");
                assertThat(action.actor()).isEqualTo("user:alice");
                assertThat(action.reason()).isEqualTo("user:alice decided skip: undo by hand");
            });
            assertThat(healing.nextToCompensate()).map(Step::name).contains("write");

            Run rolledBack = healing.compensationStarted("write", DECIDED_AT).compensated("write", "undone", DECIDED_AT)
                    .rollbackFinished(DECIDED_AT.plusSeconds(1));

            assertThat(rolledBack.status()).isEqualTo(RunStatus.ROLLED_BACK);
            assertThat(rolledBack.outcome())
                    .isEqualTo("step 'migrate' failed (schema locked); undone in reverse order: write; undoing skipped by decision: deploy");
        }

        @Test
        void retryingTheFailedUndoMakesTheStepACandidateAgain() {
            Run waiting = compensationFailedAt("deploy");

            Run healing = waiting.decided(Decision.RETRY, ALICE, "endpoint is back", DECIDED_AT);

            assertThat(healing.status()).isEqualTo(RunStatus.HEALING);
            assertThat(healing.rollingBack()).isTrue();
            assertThat(healing.steps().get(1).status()).isEqualTo(StepStatus.SUCCEEDED);
            assertThat(healing.nextToCompensate()).map(Step::name).contains("deploy");
            assertThat(healing.healing()).last().extracting(HealingAction::action, HealingAction::actor)
                    .containsExactly("decided-retry", "user:alice");

            Run undone = healing.compensationStarted("deploy", DECIDED_AT).compensated("deploy", "undone", DECIDED_AT);

            assertThat(undone.steps().get(1).status()).isEqualTo(StepStatus.COMPENSATED);
            assertThat(undone.steps().get(1).compensationError()).isNull();
            assertThat(undone.nextToCompensate()).map(Step::name).contains("write");
        }

        @Test
        void abortingAfterAFailedUndoFailsTheRunAndLeavesTheStepAsItIs() {
            Run waiting = compensationFailedAt("deploy");

            Run failed = waiting.decided(Decision.ABORT, ALICE, "give up", DECIDED_AT);

            assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
            assertThat(failed.outcome()).isEqualTo("aborted by decision of user:alice: give up");
            assertThat(failed.steps()).extracting(Step::status)
                    .containsExactly(StepStatus.SUCCEEDED, StepStatus.COMPENSATION_FAILED, StepStatus.FAILED);
            assertThat(failed.healing()).last().extracting(HealingAction::action, HealingAction::step, HealingAction::actor)
                    .containsExactly("decided-abort", "deploy", "user:alice");
        }
    }

    @Nested
    class Decisions {

        @Test
        void awaitDecisionPlanFailsTheStepAndWaitsWithTheRecommendation() {
            Run waiting = awaitingDecisionAt("deploy", undoable("write"), required("deploy"), required("verify"));

            assertThat(waiting.status()).isEqualTo(RunStatus.AWAITING_DECISION);
            assertThat(waiting.recommendation()).isEqualTo(Decision.ROLLBACK);
            assertThat(waiting.reason()).isEqualTo("step 'deploy' failed: rejected (prod needs a person)");
            assertThat(waiting.outcome()).isNull();
            assertThat(waiting.steps().get(1).status()).isEqualTo(StepStatus.FAILED);
            assertThat(waiting.steps().get(1).error()).isEqualTo("rejected");
            assertThat(waiting.healing()).last().satisfies(action -> {
                assertThat(action.action()).isEqualTo("decision-requested");
                assertThat(action.step()).isEqualTo("deploy");
                assertThat(action.actor()).isEqualTo(SYSTEM);
                assertThat(action.reason()).isEqualTo("prod needs a person; recommended: rollback");
            });
        }

        @Test
        void retryRestartsTheStepWithAFreshRetryBudget() {
            Run waiting = awaitingDecisionAt("deploy", undoable("write"), required("deploy"), required("verify"));

            Run running = waiting.decided(Decision.RETRY, ALICE, "try again", DECIDED_AT);

            assertThat(running.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(running.recommendation()).isNull();
            assertThat(running.reason()).isNull();
            Step deploy = running.steps().get(1);
            assertThat(deploy.status()).isEqualTo(StepStatus.PENDING);
            assertThat(deploy.attempts()).isEqualTo(1);
            assertThat(deploy.retryBase()).isEqualTo(deploy.attempts());
            assertThat(running.currentStep()).map(Step::name).contains("deploy");
            assertThat(running.healing()).last().satisfies(action -> {
                assertThat(action.action()).isEqualTo("decided-retry");
                assertThat(action.step()).isEqualTo("deploy");
                assertThat(action.actor()).isEqualTo("user:alice");
                assertThat(action.reason()).isEqualTo("user:alice decided retry: try again");
                assertThat(action.at()).isEqualTo(DECIDED_AT);
            });

            Step restarted = running.startStep("deploy", DECIDED_AT.plusSeconds(1)).steps().get(1);

            assertThat(restarted.status()).isEqualTo(StepStatus.RUNNING);
            assertThat(restarted.attempts()).isEqualTo(2);
            assertThat(restarted.attemptsInWindow()).isEqualTo(1);
            assertThat(restarted.windowStart()).isEqualTo(DECIDED_AT.plusSeconds(1));
        }

        @Test
        void skipGoesOnWithTheNextStepWhileStepsRemain() {
            Run waiting = awaitingDecisionAt("deploy", undoable("write"), required("deploy"), required("verify"));

            Run running = waiting.decided(Decision.SKIP, ALICE, "deploy by hand", DECIDED_AT);

            assertThat(running.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(running.steps()).extracting(Step::status)
                    .containsExactly(StepStatus.SUCCEEDED, StepStatus.SKIPPED, StepStatus.PENDING);
            assertThat(running.steps().get(1).error()).isEqualTo("rejected");
            assertThat(running.currentStep()).map(Step::name).contains("verify");
            assertThat(running.healing()).last().extracting(HealingAction::action, HealingAction::actor)
                    .containsExactly("decided-skip", "user:alice");

            Run partial = running.startStep("verify", DECIDED_AT).stepSucceeded("verify", "{}", DECIDED_AT);

            assertThat(partial.status()).isEqualTo(RunStatus.PARTIAL);
        }

        @Test
        void skippingTheLastOpenStepEndsTheRunPartial() {
            Run waiting = awaitingDecisionAt("deploy", undoable("write"), required("deploy"));

            Run partial = waiting.decided(Decision.SKIP, ALICE, "deploy by hand", DECIDED_AT);

            assertThat(partial.status()).isEqualTo(RunStatus.PARTIAL);
            assertThat(partial.outcome()).startsWith("1 of 2 steps succeeded");
            assertThat(partial.steps().get(1).status()).isEqualTo(StepStatus.SKIPPED);
            assertThat(partial.steps().get(1).finishedAt()).isEqualTo(DECIDED_AT);
            assertThat(partial.healing()).last().extracting(HealingAction::action, HealingAction::actor)
                    .containsExactly("decided-skip", "user:alice");
        }

        @Test
        void rollbackStartsUndoingTheCompletedSteps() {
            Run waiting = awaitingDecisionAt("deploy", undoable("write"), required("deploy"), required("verify"));

            Run healing = waiting.decided(Decision.ROLLBACK, ALICE, "undo it", DECIDED_AT);

            assertThat(healing.status()).isEqualTo(RunStatus.HEALING);
            assertThat(healing.rollingBack()).isTrue();
            assertThat(healing.reason()).isEqualTo("rolling back: user:alice decided rollback: undo it");
            assertThat(healing.steps().get(1).status()).isEqualTo(StepStatus.FAILED);
            assertThat(healing.nextToCompensate()).map(Step::name).contains("write");
            assertThat(healing.healing()).last().extracting(HealingAction::action, HealingAction::step, HealingAction::actor)
                    .containsExactly("decided-rollback", "deploy", "user:alice");
        }

        @Test
        void abortFailsTheRunAndCancelsTheOpenSteps() {
            Run waiting = awaitingDecisionAt("deploy", undoable("write"), required("deploy"), required("verify"));

            Run failed = waiting.decided(Decision.ABORT, ALICE, "not today", DECIDED_AT);

            assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
            assertThat(failed.reason()).contains("aborted").isEqualTo("aborted by decision of user:alice: not today");
            assertThat(failed.outcome()).isEqualTo(failed.reason());
            assertThat(failed.steps()).extracting(Step::status)
                    .containsExactly(StepStatus.SUCCEEDED, StepStatus.FAILED, StepStatus.CANCELLED);
            assertThat(failed.steps().get(2).error()).isEqualTo("run aborted");
            assertThat(failed.healing()).last().extracting(HealingAction::action, HealingAction::step, HealingAction::actor)
                    .containsExactly("decided-abort", "deploy", "user:alice");
        }

        @Test
        void decidingIsRefusedUnlessTheRunWaitsForADecision() {
            Run running = running(required("deploy")).startStep("deploy", LATER);

            IllegalTransition refused = catchThrowableOfType(IllegalTransition.class,
                    () -> running.decided(Decision.RETRY, ALICE, "why", DECIDED_AT));

            assertThat(refused).isNotNull().hasMessageContaining("decide (retry)");
            assertThat(refused.status()).isEqualTo(RunStatus.RUNNING);
        }
    }

    @Nested
    class AwaitDecision {

        @Test
        void aStepInFlightWaitsForADecisionAndIsNamedInTheHealingAction() {
            Run running = succeededThrough(running(undoable("write"), required("deploy")), "write").startStep("deploy", LATER);

            Run waiting = running.awaitDecision("deploy was in flight", Decision.ROLLBACK, FAILED_AT);

            assertThat(waiting.status()).isEqualTo(RunStatus.AWAITING_DECISION);
            assertThat(waiting.recommendation()).isEqualTo(Decision.ROLLBACK);
            assertThat(waiting.steps().get(1).status()).isEqualTo(StepStatus.RUNNING);
            assertThat(waiting.healing()).singleElement().satisfies(action -> {
                assertThat(action.action()).isEqualTo("decision-requested");
                assertThat(action.step()).isEqualTo("deploy");
                assertThat(action.actor()).isEqualTo(SYSTEM);
                assertThat(action.reason()).isEqualTo("deploy was in flight; recommended: rollback");
            });
        }

        @Test
        void rollingBackTheAbandonedStepMarksItFailed() {
            Run waiting = succeededThrough(running(undoable("write"), required("deploy")), "write").startStep("deploy", LATER)
                    .awaitDecision("deploy was in flight", Decision.ROLLBACK, FAILED_AT);

            Run healing = waiting.decided(Decision.ROLLBACK, ALICE, "undo", DECIDED_AT);

            assertThat(healing.rollingBack()).isTrue();
            assertThat(healing.steps().get(1).status()).isEqualTo(StepStatus.FAILED);
            assertThat(healing.steps().get(1).error()).isEqualTo("abandoned in flight: user:alice decided rollback: undo");
            assertThat(healing.nextToCompensate()).map(Step::name).contains("write");
        }

        @Test
        void anUndoInFlightWhileRollingBackTurnsIntoAFailedUndo() {
            Run undoing = rollingBackWith("write", "deploy").compensationStarted("deploy", FAILED_AT.plusSeconds(1));

            Run waiting = undoing.awaitDecision("undoing deploy was in flight", Decision.RETRY, FAILED_AT.plusSeconds(2));

            assertThat(waiting.status()).isEqualTo(RunStatus.AWAITING_DECISION);
            assertThat(waiting.recommendation()).isEqualTo(Decision.RETRY);
            Step deploy = waiting.steps().get(1);
            assertThat(deploy.status()).isEqualTo(StepStatus.COMPENSATION_FAILED);
            assertThat(deploy.compensationError()).isEqualTo("undoing deploy was in flight");
            assertThat(waiting.healing()).last().extracting(HealingAction::action, HealingAction::step)
                    .containsExactly("decision-requested", "deploy");
        }
    }

    @Nested
    class HumanCheckpoint {

        @Test
        void checkpointWaitsForApprovalWithItsMessage() {
            Run run = running(checkpoint("approve", "ship on friday?"), required("deploy"));

            Run waiting = run.awaitStepApproval("approve", LATER.plusSeconds(3600), LATER);

            assertThat(waiting.status()).isEqualTo(RunStatus.AWAITING_APPROVAL);
            assertThat(waiting.reason()).isEqualTo("step 'approve' waits for approval: ship on friday?");
            assertThat(waiting.waitingStep()).map(Step::name).contains("approve");
            assertThat(waiting.waitingStep().orElseThrow().status()).isEqualTo(StepStatus.RUNNING);
            assertThat(waiting.waitingGate()).isEmpty();
        }

        @Test
        void checkpointWithoutAMessageNamesOnlyTheStep() {
            Run waiting = running(required("approve")).awaitStepApproval("approve", LATER.plusSeconds(3600), LATER);

            assertThat(waiting.reason()).isEqualTo("step 'approve' waits for approval");
            assertThat(running(checkpoint("approve", "  ")).awaitStepApproval("approve", LATER.plusSeconds(3600), LATER).reason())
                    .isEqualTo("step 'approve' waits for approval");
        }

        @Test
        void approvedCheckpointSucceedsAndTheRunGoesOn() {
            Run waiting = running(checkpoint("approve", "ok?"), required("deploy")).awaitStepApproval("approve", LATER.plusSeconds(3600), LATER);

            Run running = waiting.stepApproved("approve", "{\"approvedBy\":[\"alice\"]}", FAILED_AT);

            assertThat(running.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(running.reason()).isNull();
            assertThat(running.waitingStep()).isEmpty();
            assertThat(running.steps().get(0).status()).isEqualTo(StepStatus.SUCCEEDED);
            assertThat(running.steps().get(0).output()).isEqualTo("{\"approvedBy\":[\"alice\"]}");
            assertThat(running.currentStep()).map(Step::name).contains("deploy");
        }

        @Test
        void refusedCheckpointFailsTheStepAndTheHealingPlanApplies() {
            Run waiting = running(checkpoint("approve", "ok?"), required("deploy")).awaitStepApproval("approve", LATER.plusSeconds(3600), LATER);
            Attempt refusal = permanent(1, "refused by user:alice");

            Run deciding = waiting.stepRefused("approve", refusal, Healing.awaitDecision(Decision.ABORT, "checkpoint refused"), FAILED_AT);

            assertThat(deciding.status()).isEqualTo(RunStatus.AWAITING_DECISION);
            assertThat(deciding.recommendation()).isEqualTo(Decision.ABORT);
            assertThat(deciding.steps().get(0).status()).isEqualTo(StepStatus.FAILED);
            assertThat(deciding.steps().get(0).error()).isEqualTo("refused by user:alice");
            assertThat(deciding.healing()).last().extracting(HealingAction::action, HealingAction::step)
                    .containsExactly("decision-requested", "approve");
        }

        @Test
        void approvingAStepThatDoesNotWaitIsRefused() {
            Run running = running(checkpoint("approve", "ok?"), required("deploy"));
            Run waiting = running.awaitStepApproval("approve", LATER.plusSeconds(3600), LATER);

            IllegalTransition notWaiting = catchThrowableOfType(IllegalTransition.class,
                    () -> running.stepApproved("approve", "{}", FAILED_AT));
            IllegalTransition otherStep = catchThrowableOfType(IllegalTransition.class,
                    () -> waiting.stepApproved("deploy", "{}", FAILED_AT));

            assertThat(notWaiting).isNotNull().hasMessageContaining("does not wait at step 'approve'");
            assertThat(notWaiting.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(otherStep).isNotNull().hasMessageContaining("(it waits at 'approve')");
            assertThat(otherStep.status()).isEqualTo(RunStatus.AWAITING_APPROVAL);
        }

        @Test
        void aRunPausedAtAGateWaitsAtNoStep() {
            Run atGate = submitted(required("deploy")).startGating(SUBMITTED)
                    .gatesDecided(List.of(new GateResult("CONSENSUS", 8, Verdict.PAUSE, "two approvers", SUBMITTED)), SUBMITTED);

            assertThat(atGate.waitingGate()).map(GateResult::gate).contains("CONSENSUS");
            assertThat(atGate.waitingStep()).isEmpty();
            assertThatThrownBy(() -> atGate.stepApproved("deploy", "{}", LATER)).isInstanceOf(IllegalTransition.class);
        }
    }

    @Nested
    class Regressions {

        @Test
        void anAttemptCutShortByAStoppedWorkerIsLoggedAndStartsTheRetryBudget() {
            Instant first = LATER;
            Instant found = LATER.plusSeconds(100);
            Run run = running(required("call")).startStep("call", first);
            Attempt cut = run.steps().get(0).failedAttempt(FailureClass.TRANSIENT, "worker-stopped", "its worker stopped", found);

            run = run.stepFailed("call", cut, Healing.retry(found.plusSeconds(1), 1000, "transient"), found).startStep("call", found.plusSeconds(1));

            Step step = run.steps().get(0);
            assertThat(step.attempts()).isEqualTo(2);
            assertThat(step.attemptLog()).singleElement().satisfies(logged -> {
                assertThat(logged.number()).isEqualTo(1);
                assertThat(logged.errorType()).isEqualTo("worker-stopped");
                assertThat(logged.startedAt()).isEqualTo(first);
            });
            assertThat(step.windowStart()).isEqualTo(first);
        }

        @Test
        void afterADecisionToRetryTheBudgetStartsWithTheNextAttempt() {
            Run run = running(required("call")).startStep("call", LATER)
                    .stepFailed("call", transient503(1), Healing.retry(RETRY_AT, 2000, "transient"), FAILED_AT)
                    .startStep("call", RETRY_AT); // attempt 2 is in flight when its worker stops, and it must not run again by itself
            run = run.awaitDecision("not idempotent", Decision.RETRY, RETRY_AT.plusSeconds(1))
                    .decided(Decision.RETRY, ALICE, "it did not happen", DECIDED_AT);
            assertThat(run.steps().get(0).attemptLog()).extracting(Attempt::errorType).containsExactly("http-503", "worker-stopped");

            Instant third = DECIDED_AT.plusSeconds(50);
            run = run.startStep("call", third);
            assertThat(run.steps().get(0).windowStart()).as("attempt 3, in flight").isEqualTo(third);
            Attempt failedThird = run.steps().get(0).failedAttempt(FailureClass.TRANSIENT, "http-503", "unavailable", third.plusSeconds(1));
            run = run.stepFailed("call", failedThird, Healing.retry(third.plusSeconds(2), 2000, "transient"), third.plusSeconds(1))
                    .startStep("call", third.plusSeconds(10));
            assertThat(run.steps().get(0).attemptsInWindow()).isEqualTo(2);
            assertThat(run.steps().get(0).windowStart()).as("attempt 3 began the budget").isEqualTo(third);
        }

        @Test
        void cancellingWhileAStepIsBeingUndoneMarksItsUndoingAsFailed() {
            Run undoing = rollingBackWith("write", "deploy").compensationStarted("deploy", FAILED_AT.plusSeconds(1));

            Run cancelled = undoing.cancel(FAILED_AT.plusSeconds(2));

            assertThat(cancelled.steps()).extracting(Step::status)
                    .containsExactly(StepStatus.SUCCEEDED, StepStatus.COMPENSATION_FAILED, StepStatus.FAILED);
            assertThat(cancelled.steps().get(1).compensationError()).isEqualTo("run cancelled while the step was being undone");
        }

        @Test
        void aRequiredStepSkippedByDecisionIsNotCalledOptional() {
            Run run = awaitingDecisionAt("deploy", required("build"), required("deploy"))
                    .decided(Decision.SKIP, ALICE, "ship without it", DECIDED_AT);

            assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);
            assertThat(run.outcome()).isEqualTo("1 of 2 steps succeeded; 1 skipped by decision");
        }

        @Test
        void aDecisionDuringARetryWaitIsAboutTheWaitingStep() {
            Run waiting = running(required("call")).startStep("call", LATER)
                    .stepFailed("call", transient503(1), Healing.retry(RETRY_AT, 2000, "transient"), FAILED_AT);
            Run asked = withStatus(waiting, RunStatus.AWAITING_DECISION);

            Run skipped = asked.decided(Decision.SKIP, ALICE, "not needed", DECIDED_AT);

            assertThat(skipped.steps().get(0).status()).isEqualTo(StepStatus.SKIPPED);
            assertThat(skipped.status()).isEqualTo(RunStatus.PARTIAL);
        }
    }

    /** A run rolling back after 'migrate' failed, with the named steps succeeded before it, each with a compensation. */
    private static Run rollingBackWith(String... undoable) {
        Step[] plan = new Step[undoable.length + 1];
        for (int i = 0; i < undoable.length; i++) {
            plan[i] = undoable(undoable[i]);
        }
        plan[undoable.length] = required("migrate");
        Run run = succeededThrough(running(plan), undoable).startStep("migrate", LATER);
        return run.stepFailed("migrate", permanent(1, "schema locked"), Healing.of(Healing.Action.ROLLBACK, "permanent"),
                FAILED_AT);
    }

    /** Rolling back write, deploy after 'migrate' failed, and undoing the named step failed. */
    private static Run compensationFailedAt(String name) {
        return rollingBackWith("write", "deploy").compensationStarted(name, FAILED_AT.plusSeconds(1))
                .compensationFailed(name, "undo endpoint returned 500", FAILED_AT.plusSeconds(2));
    }

    /** Every step before {@code name} succeeds, then {@code name} fails and the healing engine asks a person. */
    private static Run awaitingDecisionAt(String name, Step... plan) {
        Run run = running(plan);
        List<String> before = run.steps().stream().map(Step::name).takeWhile(step -> !step.equals(name)).toList();
        run = succeededThrough(run, before.toArray(String[]::new)).startStep(name, LATER);
        return run.stepFailed(name, permanent(1, "rejected"), Healing.awaitDecision(Decision.ROLLBACK, "prod needs a person"),
                FAILED_AT);
    }

    private static Run succeededThrough(Run run, String... names) {
        Run result = run;
        for (String name : names) {
            result = result.startStep(name, LATER).stepSucceeded(name, "{}", LATER);
        }
        return result;
    }

    private static Run submitted(Step... steps) {
        return Run.submitted(RunId.random(), ALICE, "ship it", Mode.DEV, Map.of("team", "core"), Map.of(), numbered(steps), SUBMITTED);
    }

    /** The plan in the given order, positions 0, 1, 2, ... as the run expects them to be distinct; compensations kept. */
    private static List<Step> numbered(Step... steps) {
        return IntStream.range(0, steps.length)
                .mapToObj(i -> Step.planned(i, steps[i].name(), steps[i].skill(), steps[i].intent(), steps[i].params(),
                        steps[i].optional(), steps[i].timeoutMs(), null, steps[i].compensation()))
                .toList();
    }

    private static Run running(Step... steps) {
        return submitted(steps).startGating(SUBMITTED).gatesDecided(List.of(pass("SECURITY", 1)), SUBMITTED);
    }

    /** The same run loaded with another status, the way a repository could hand it back. */
    private static Run withStatus(Run run, RunStatus status) {
        return new Run(run.id(), run.submitter(), run.intent(), run.mode(), status, run.reason(), run.labels(), run.evidence(),
                run.steps(), run.gates(), run.outcome(), run.recommendation(), run.healing(), run.createdAt(), run.updatedAt());
    }

    private static Step required(String name) {
        return Step.planned(0, name, "noop", null, Map.of(), false, null, null, null);
    }

    private static Step optional(String name) {
        return Step.planned(0, name, "noop", null, Map.of(), true, null, null, null);
    }

    private static Step undoable(String name) {
        return Step.planned(0, name, "http", null, Map.of(), false, null, null,
                new Compensation("http", Map.of("url", "http://x/undo/" + name), false, null));
    }

    private static Step checkpoint(String name, String message) {
        return Step.planned(0, name, "approval", null, Map.of("message", message), false, null, null, null);
    }

    private static Attempt transient503(int number) {
        return Attempt.failed(number, LATER, FAILED_AT, FailureClass.TRANSIENT, "http-503", "service unavailable");
    }

    private static Attempt permanent(int number, String error) {
        return Attempt.failed(number, LATER, FAILED_AT, FailureClass.PERMANENT, "http-400", error);
    }

    private static GateResult pass(String gate, int order) {
        return new GateResult(gate, order, Verdict.PASS, "ok", SUBMITTED);
    }
}

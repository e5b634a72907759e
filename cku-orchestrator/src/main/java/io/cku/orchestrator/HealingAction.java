package io.cku.orchestrator;

import java.time.Instant;

/**
 * Something the healing engine or a person did about a failure, kept on the run with its reason.
 *
 * @param action such as {@code retry-scheduled}, {@code rollback-started}, {@code compensated}, {@code decision-requested},
 *     {@code decided-skip}
 * @param step the step it concerns; null when it concerns the whole run
 * @param actor who acted: {@code system}, or the person who decided
 */
public record HealingAction(Instant at, String action, String step, String actor, String reason) {
}

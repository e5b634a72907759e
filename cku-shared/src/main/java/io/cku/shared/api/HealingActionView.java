package io.cku.shared.api;

import java.time.Instant;

/** Something the healing engine or a person did about a failure of the run, and why. */
public record HealingActionView(Instant at, String action, String step, String by, String reason) {
}

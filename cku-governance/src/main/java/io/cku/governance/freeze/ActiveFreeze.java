package io.cku.governance.freeze;

import java.time.Instant;

/**
 * A freeze in force at the moment asked about.
 *
 * @param name   the configured name of the window
 * @param action what the gate should do with a run now
 * @param endsAt when the current occurrence of the window ends (exclusive); another window, or the next occurrence
 *               of the same one, may begin right then
 */
public record ActiveFreeze(String name, FreezeAction action, Instant endsAt) {
}

package io.cku.policy;

import java.time.Instant;

import io.cku.shared.Actor;
import io.cku.shared.api.PolicyView;

/**
 * A policy version was published or activated, by whom and why: published for the audit log.
 *
 * @param view the version as the API shows it after the change
 */
public record PolicyChanged(Actor actor, int version, boolean published, boolean active, String reason, Instant at, PolicyView view) {
}

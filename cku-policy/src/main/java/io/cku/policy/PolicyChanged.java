package io.cku.policy;

import java.time.Instant;

import io.cku.shared.Actor;

/** A policy version was published or activated, by whom and why: published for the audit log. */
public record PolicyChanged(Actor actor, int version, boolean published, boolean active, String reason, Instant at) {
}

package io.cku.shared.api;

/** A person's approval or rejection of a paused gate: the reason is required and recorded. */
public record DecisionRequest(String reason) {
}

package io.cku.shared.api;

/** A person's decision for a run waiting after a failure: {@code retry}, {@code rollback}, {@code skip} or {@code abort}, and why. */
public record HealingDecisionRequest(String action, String reason) {
}

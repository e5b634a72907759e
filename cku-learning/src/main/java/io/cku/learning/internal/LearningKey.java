package io.cku.learning.internal;

/** What reliability is kept for: one tenant's attempts at one skill on one target in one mode. */
record LearningKey(String tenant, String skill, String target, String mode) {
}

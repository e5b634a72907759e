package io.cku.shared.api;

import java.time.Instant;

/** One step of a run and how its execution went. */
public record StepView(
        String name,
        String skill,
        boolean optional,
        String status,
        int attempts,
        Instant startedAt,
        Instant finishedAt,
        Object output,
        String error) {
}

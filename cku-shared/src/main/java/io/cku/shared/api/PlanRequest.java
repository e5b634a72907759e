package io.cku.shared.api;

import java.util.List;

/** The ordered steps of a submitted run. */
public record PlanRequest(List<StepRequest> steps) {
}

package io.cku.governance;

import java.util.Map;

import io.cku.shared.RiskLevel;

/** One step of the plan under review, with the risk level of its skill. */
public record PlannedStep(String name, String skill, RiskLevel risk, Map<String, Object> params) {
}

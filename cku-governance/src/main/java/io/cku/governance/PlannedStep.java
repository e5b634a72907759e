package io.cku.governance;

import java.util.Map;

import io.cku.shared.RiskLevel;

/**
 * One step of the plan under review, with the risk level of its skill.
 *
 * @param target what the step acts on, as its skill names it ({@code host:port} for {@code http}, the command for
 *        {@code shell}); {@code -} when it acts on nothing outside the service
 */
public record PlannedStep(String name, String skill, RiskLevel risk, Map<String, Object> params, String target) {

    public PlannedStep {
        target = target == null || target.isBlank() ? "-" : target;
    }

    /** A step whose target is not known. */
    public PlannedStep(String name, String skill, RiskLevel risk, Map<String, Object> params) {
        this(name, skill, risk, params, null);
    }
}

package io.cku.shared.api;

import java.util.List;

/**
 * {@code POST /admin/policies}: a new version of the caller's tenant's rules, active at once unless {@code activate} is false.
 */
public record PolicyRequest(List<RuleRequest> rules, Boolean activate, String reason) {

    /** One rule: a CEL expression over the run that returns bool; when true, {@code effect} (DENY, PAUSE, WARN) applies. */
    public record RuleRequest(String name, String expression, String effect, String message, Boolean shadow) {
    }
}

package io.cku.governance;

/** The nine governance gates, in their default order. */
public enum GateName {
    SECURITY, QUALITY, OPERATIONS, PLAN_APPROVAL, TENANT_SCOPE, BUDGET, CHANGE_WINDOW, CONSENSUS, POLICY;

    /** The gate's position in the default order, starting at 1. */
    public int order() {
        return ordinal() + 1;
    }
}

package io.cku.policy;

/** What an enforced policy rule does to a run when its expression is true. */
public enum RuleEffect {
    /** Rejects the run. */
    DENY,
    /** Holds the run until someone approves the POLICY gate. */
    PAUSE,
    /** Lets the run go on and names the rule in the gate's reason. */
    WARN
}

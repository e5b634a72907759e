package io.cku.shared;

/** Whether trying a failed attempt again can help: a dependency briefly away (TRANSIENT), or a request that is wrong (PERMANENT). */
public enum FailureClass {
    TRANSIENT, PERMANENT
}

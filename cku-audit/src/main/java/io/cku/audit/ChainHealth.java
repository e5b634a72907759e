package io.cku.audit;

/** The chain's health as the background verification last found it: read by the health indicator, metrics and gates. */
public interface ChainHealth {

    /** The latest check; the first one is made when the service starts. */
    ChainCheck latest();

    /** Verifies the newest entries now and returns (and keeps) the result. */
    ChainCheck checkNow();
}

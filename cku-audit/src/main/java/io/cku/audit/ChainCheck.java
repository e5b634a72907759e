package io.cku.audit;

import java.time.Instant;

/**
 * The outcome of the latest background verification of the chain's newest entries.
 *
 * @param from the first seq checked
 * @param to the chain's size when the check began (the last seq checked)
 * @param verification what verifying {@code from..to} found
 * @param at when the check ended
 */
public record ChainCheck(long from, long to, Verification verification, Instant at) {

    public boolean healthy() {
        return verification.valid();
    }

    /** A sentence for a person: what was checked and what was found. */
    public String summary() {
        if (verification.valid()) {
            return to == 0 ? "audit chain had no entries to verify at " + at : "audit chain verified, entries " + from + ".." + to + " at " + at;
        }
        return "audit chain broken at entry " + verification.firstInvalidSeq() + ": " + verification.reason() + " (checked at " + at + ")";
    }
}

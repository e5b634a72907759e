package io.cku.audit;

import java.time.Duration;
import java.time.Instant;

import io.cku.shared.audit.Verification;

/**
 * The outcome of the latest background check of the chain: its newest entries verified, and the queue of entries waiting
 * to be linked looked at.
 *
 * @param from the first seq checked
 * @param to the chain's size when the check began (the last seq checked)
 * @param verification what verifying {@code from..to} found
 * @param queued entries committed but not yet linked into the chain
 * @param oldestQueued how long the oldest of them has waited
 * @param queueStalled whether that is longer than {@code cku.audit.monitor.max-queue-age}: the sequencer cannot link
 * @param at when the check ended
 */
public record ChainCheck(long from, long to, Verification verification, long queued, Duration oldestQueued, boolean queueStalled,
        Instant at) {

    public boolean healthy() {
        return verification.valid() && !queueStalled;
    }

    /** A sentence for a person: what was checked and what was found. */
    public String summary() {
        if (!verification.valid()) {
            return verification.firstInvalidSeq() == null ? verification.reason() + " (checked at " + at + ")"
                    : "audit chain broken at entry " + verification.firstInvalidSeq() + ": " + verification.reason() + " (checked at " + at + ")";
        }
        if (queueStalled) {
            return "audit entries are not being linked into the chain: " + queued + " waiting, the oldest for " + oldestQueued.toSeconds()
                    + " s (checked at " + at + ")";
        }
        return to == 0 ? "audit chain had no entries to verify at " + at : "audit chain verified, entries " + from + ".." + to + " at " + at;
    }
}

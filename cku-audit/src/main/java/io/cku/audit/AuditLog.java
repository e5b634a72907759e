package io.cku.audit;

import java.util.List;

import io.cku.shared.audit.Verification;

/** The audit chain: append in the caller's transaction, verify any range. */
public interface AuditLog {

    /**
     * Records the change in the caller's transaction (or its own): when that transaction rolls back, the entry is gone with
     * the change it recorded; once it commits, the entry is linked into the chain moments later (the next seq, whatever
     * thread or instance appended it). The entry's time is now.
     */
    void append(AuditRecord record);

    /** Records several changes at once, in this order, as {@link #append} does each (one round trip to the database). */
    void appendAll(List<AuditRecord> records);

    /** Links every entry committed so far into the chain before returning, and returns the chain's size. */
    long integrate();

    /** Walks entries {@code from..to} (inclusive; 0 and Long.MAX_VALUE for all) in bounded memory and checks every hash. */
    Verification verify(long from, long to);
}

package io.cku.audit;

/** The audit chain: append in the caller's transaction, verify any range. */
public interface AuditLog {

    /**
     * Appends the record as the next entry, in the caller's transaction (or its own): when that transaction rolls back,
     * the entry is gone with the change it recorded. Appends from any number of threads and instances stay contiguous.
     */
    AuditEntry append(AuditRecord record);

    /** Walks entries {@code from..to} (inclusive; 0 and Long.MAX_VALUE for all) in bounded memory and checks every hash. */
    Verification verify(long from, long to);
}

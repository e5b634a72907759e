package io.cku.audit;

import java.util.List;

/** Reads linked entries back in chain order, for the event stream: entries only exist here once they are in the chain. */
public interface AuditReader {

    /** The chain's size: the seq of its newest entry, 0 when empty. */
    long size();

    /** At most {@code limit} entries with a seq above {@code after}, in seq order. */
    List<AuditEntry> after(long after, int limit);

    /** At most {@code limit} entries about {@code subject} (a run id, …) with a seq above {@code after}, in seq order. */
    List<AuditEntry> about(String subject, long after, int limit);
}

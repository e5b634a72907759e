package io.cku.audit;

import java.util.List;

/**
 * This instance's sequencer linked entries into the chain and that transaction committed: the chain went from {@code after}
 * to {@code size} entries, and {@code linked} are those entries, in seq order, as stored (so a listener need not read them
 * back). Published on the sequencer's thread, outside any transaction; listeners must return quickly.
 */
public record AuditChainGrew(long after, long size, List<Linked> linked) {

    public AuditChainGrew {
        linked = List.copyOf(linked);
    }

    /** A linked entry's stored row; {@link #entry()} reads its fields out of the hashed bytes. */
    public record Linked(long seq, byte[] canonical, byte[] leafHash, byte[] prevLink, byte[] linkHash) {

        public AuditEntry entry() {
            return AuditEntry.read(seq, canonical, leafHash, prevLink, linkHash);
        }
    }
}

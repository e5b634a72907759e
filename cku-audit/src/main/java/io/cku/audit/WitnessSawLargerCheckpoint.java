package io.cku.audit;

import java.net.URI;

/**
 * A witness answered a checkpoint with {@code 409 Conflict}: it had already seen a checkpoint of this log with a larger
 * size. The log holds fewer entries than it once showed someone (restored from an old backup, truncated, or forked).
 *
 * @param witness the witness's URL, as configured in {@code cku.audit.witness.urls}
 * @param checkpointSize the size of the checkpoint it refused
 * @param witnessSize the larger size it says it has seen
 */
public record WitnessSawLargerCheckpoint(URI witness, long checkpointSize, long witnessSize) {
}

package io.cku.audit;

import java.time.Instant;

/**
 * A signed checkpoint of the first {@code size} entries was stored. Recorded in the chain itself (so it is an event of the
 * stream), as the entry after the ones it covers; that entry alone never makes the next checkpoint due.
 *
 * @param headHash the link hash of entry {@code size}, hex
 * @param note the signed note, as {@code GET /audit/checkpoints/latest} shows it
 */
public record CheckpointSigned(long size, String headHash, Instant at, String note) {
}

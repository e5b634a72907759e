package io.cku.audit;

/**
 * This instance's sequencer linked entries into the chain and that transaction committed: the chain now holds {@code size}
 * entries. Published on the sequencer's thread, outside any transaction; listeners must return quickly.
 */
public record AuditChainGrew(long size) {
}

package io.cku.audit;

import java.time.Instant;

/**
 * One link of the chain as stored.
 *
 * @param canonical the exact bytes hashed: the RFC 8785 canonical JSON of seq, at, tenant, actor, action, subject, details
 * @param leafHash SHA-256(0x00 || canonical)
 * @param linkHash SHA-256(0x01 || previous link || leaf || seq as 8 bytes big-endian)
 */
public record AuditEntry(long seq, Instant at, String tenant, String actor, String action, String subject, String details,
        byte[] canonical, byte[] leafHash, byte[] prevLink, byte[] linkHash) {
}

package io.cku.audit;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The audit log's signing key and checkpoint cadence.
 *
 * @param signingKey the Ed25519 private key, base64 PKCS#8 ({@code CKU_AUDIT_SIGNING_KEY}); empty: generated once into
 *        {@code keyFile} (refused in the prod profile)
 * @param origin the checkpoints' origin line, which names this log
 * @param checkpoint when signed checkpoints are made
 */
@ConfigurationProperties("cku.audit")
public record AuditProperties(
        String signingKey,
        Path keyFile,
        @DefaultValue("cku/audit") String origin,
        @DefaultValue Cadence checkpoint) {

    public AuditProperties {
        signingKey = signingKey == null ? "" : signingKey.trim();
    }

    /**
     * @param everyEntries a checkpoint after this many new entries
     * @param everySeconds or after this long, when there is at least one new entry
     */
    public record Cadence(@DefaultValue("1000") long everyEntries, @DefaultValue("60s") Duration everySeconds) {

        public Cadence {
            if (everyEntries < 1) {
                throw new IllegalArgumentException("cku.audit.checkpoint.every-entries must be at least 1");
            }
        }
    }
}

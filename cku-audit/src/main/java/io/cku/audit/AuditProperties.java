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
 * @param integrateEvery how often queued entries appended by other instances are looked for (this instance's own are
 *        integrated as soon as they commit)
 * @param batchSize at most this many queued entries are linked into the chain per transaction
 * @param monitor the background verification of the newest entries
 */
@ConfigurationProperties("cku.audit")
public record AuditProperties(
        String signingKey,
        Path keyFile,
        @DefaultValue("cku/audit") String origin,
        @DefaultValue Cadence checkpoint,
        @DefaultValue("200ms") Duration integrateEvery,
        @DefaultValue("2000") int batchSize,
        @DefaultValue Monitor monitor) {

    public AuditProperties {
        signingKey = signingKey == null ? "" : signingKey.trim();
        if (integrateEvery.isNegative() || integrateEvery.isZero()) {
            throw new IllegalArgumentException("cku.audit.integrate-every must be positive");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("cku.audit.batch-size must be at least 1");
        }
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

    /**
     * @param interval how often the newest entries are verified in the background
     * @param newest how many of the newest entries each background verification checks
     */
    public record Monitor(@DefaultValue("30s") Duration interval, @DefaultValue("10000") long newest) {

        public Monitor {
            if (newest < 1) {
                throw new IllegalArgumentException("cku.audit.monitor.newest must be at least 1");
            }
        }
    }
}

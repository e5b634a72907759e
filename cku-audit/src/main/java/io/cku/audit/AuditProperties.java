package io.cku.audit;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The audit log's signing key, checkpoint cadence and outside witnesses.
 *
 * @param signingKey the Ed25519 private key, base64 PKCS#8 ({@code CKU_AUDIT_SIGNING_KEY}); empty: generated once into
 *        {@code keyFile} (refused in the prod profile)
 * @param origin the checkpoints' origin line, which names this log
 * @param checkpoint when signed checkpoints are made
 * @param integrateEvery how often queued entries appended by other instances are looked for (this instance's own are
 *        integrated as soon as they commit)
 * @param linger how long the sequencer waits after an append commits, so that others committing meanwhile share its
 *        chain transaction
 * @param batchSize at most this many queued entries are linked into the chain per transaction
 * @param monitor the background verification of the newest entries
 * @param witness where signed checkpoints are sent
 */
@ConfigurationProperties("cku.audit")
public record AuditProperties(
        String signingKey,
        Path keyFile,
        @DefaultValue("cku/audit") String origin,
        @DefaultValue Cadence checkpoint,
        @DefaultValue("200ms") Duration integrateEvery,
        @DefaultValue("20ms") Duration linger,
        @DefaultValue("2000") int batchSize,
        @DefaultValue Monitor monitor,
        @DefaultValue Witness witness) {

    public AuditProperties {
        signingKey = signingKey == null ? "" : signingKey.trim();
        if (integrateEvery.isNegative() || integrateEvery.isZero()) {
            throw new IllegalArgumentException("cku.audit.integrate-every must be positive");
        }
        if (linger.isNegative()) {
            throw new IllegalArgumentException("cku.audit.linger must not be negative");
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
     * @param maxQueueAge an entry waiting longer than this to be linked into the chain turns the check unhealthy
     */
    public record Monitor(@DefaultValue("30s") Duration interval, @DefaultValue("10000") long newest,
            @DefaultValue("60s") Duration maxQueueAge) {

        public Monitor {
            if (newest < 1) {
                throw new IllegalArgumentException("cku.audit.monitor.newest must be at least 1");
            }
        }
    }

    /**
     * @param urls the witnesses each checkpoint is POSTed to (absolute http or https URLs); empty: none
     * @param initialBackoff the wait after a delivery's first failed attempt, doubled after each further failure
     * @param maxBackoff the longest wait between two attempts
     * @param timeout how long one attempt may take to connect and to be answered
     * @param checkInterval how often new checkpoints are queued and due deliveries are sent
     */
    public record Witness(
            @DefaultValue List<URI> urls,
            @DefaultValue("1s") Duration initialBackoff,
            @DefaultValue("5m") Duration maxBackoff,
            @DefaultValue("5s") Duration timeout,
            @DefaultValue("1s") Duration checkInterval) {

        /** A witness retried less often than daily is as good as abandoned. */
        private static final Duration MAX_BACKOFF_LIMIT = Duration.ofDays(1);

        public Witness {
            for (int i = 0; i < urls.size(); i++) {
                requireWitnessUrl("cku.audit.witness.urls[" + i + "]", urls.get(i));
            }
            urls = List.copyOf(urls);
            requirePositive("cku.audit.witness.initial-backoff", initialBackoff);
            requirePositive("cku.audit.witness.timeout", timeout);
            requirePositive("cku.audit.witness.check-interval", checkInterval);
            if (maxBackoff.compareTo(MAX_BACKOFF_LIMIT) > 0) {
                throw new IllegalArgumentException("cku.audit.witness.max-backoff must be at most " + MAX_BACKOFF_LIMIT
                        + ", was " + maxBackoff);
            }
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("cku.audit.witness.max-backoff must not be shorter than initial-backoff ("
                        + initialBackoff + "), was " + maxBackoff);
            }
        }

        private static void requireWitnessUrl(String property, URI url) {
            String scheme = url == null || url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (url == null || !url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
                throw new IllegalArgumentException(property + " must be an absolute http or https URL such as"
                        + " https://witness.example/add-checkpoint, was '" + url + "'");
            }
            if (url.getRawUserInfo() != null || url.getRawFragment() != null) {
                // the URL itself is not repeated: it holds a secret
                throw new IllegalArgumentException(property + " must not hold user information or a fragment (URLs are"
                        + " shown in logs and health details)");
            }
        }

        private static void requirePositive(String property, Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(property + " must be positive, was " + value);
            }
        }
    }
}

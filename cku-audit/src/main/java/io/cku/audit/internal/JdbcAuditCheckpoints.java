package io.cku.audit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.cku.audit.AuditChainGrew;
import io.cku.audit.AuditCheckpoints;
import io.cku.audit.AuditProperties;
import io.cku.shared.audit.Checkpoint;
import io.cku.shared.audit.CheckpointRejected;
import io.cku.audit.CheckpointSigned;
import io.cku.shared.audit.CheckpointSigner;
import io.cku.shared.audit.CheckpointVerifier;
import io.cku.shared.Timestamps;

/**
 * Makes a signed checkpoint every {@code cku.audit.checkpoint.every-entries} entries or {@code every-seconds}, whichever comes first,
 * from whichever instance gets there first (the size is the primary key, so two instances never sign two different heads
 * of one size).
 */
@Component
class JdbcAuditCheckpoints implements AuditCheckpoints {

    private static final Logger log = LoggerFactory.getLogger(JdbcAuditCheckpoints.class);
    private static final Duration IDLE_LOOK = Duration.ofSeconds(30);

    private final JdbcClient jdbc;
    private final AuditProperties properties;
    private final CheckpointSigner signer;
    private final ApplicationEventPublisher events;
    /** The chain's size as this instance last saw it grow, and as the last check read it; when to check at the latest. */
    private volatile long grownTo;
    private volatile long lookedAt = -1;
    private volatile Instant nextLook = Instant.EPOCH;

    JdbcAuditCheckpoints(JdbcClient jdbc, AuditProperties properties, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
        this.properties = properties;
        this.signer = signer(properties);
        requireTheKeyThatSignedBefore();
    }

    /**
     * Every instance on one database must sign with one key: checkpoints signed by two keys would make the log unverifiable
     * (an instance with a generated key of its own beside others is the usual cause).
     */
    private void requireTheKeyThatSignedBefore() {
        latest().ifPresent(note -> {
            try {
                new CheckpointVerifier(signer.verifierKey()).verify(note);
            } catch (CheckpointRejected e) {
                throw new IllegalStateException("the audit log's checkpoints in this database were signed by another key than this"
                        + " instance's (" + e.getMessage() + "): give every instance the same " + CheckpointSigner.SIGNING_KEY_VARIABLE);
            }
        });
    }

    /**
     * The chain grew here: the next check looks. Other instances check their own growth, so without growth here the
     * database is only asked again when a checkpoint falls due by time, or after {@link #IDLE_LOOK} (an idle instance asked
     * twice a second before).
     */
    @EventListener
    void on(AuditChainGrew grew) {
        grownTo = Math.max(grownTo, grew.size());
    }

    @Scheduled(fixedDelayString = "${cku.audit.checkpoint-check-interval:1s}")
    void checkpointWhenDue() {
        Instant now = Instant.now();
        if (grownTo <= lookedAt && now.isBefore(nextLook)) {
            return;
        }
        Map<String, Object> head = jdbc.sql("""
                SELECT h.seq, c.size, c.created_at FROM audit_head h
                LEFT JOIN LATERAL (SELECT size, created_at FROM audit_checkpoints ORDER BY size DESC LIMIT 1) c ON true
                WHERE h.id = 1""").query().singleRow();
        long size = ((Number) head.get("seq")).longValue();
        long signed = head.get("size") == null ? 0L : ((Number) head.get("size")).longValue();
        Instant at = head.get("created_at") == null ? Instant.EPOCH : ((Timestamp) head.get("created_at")).toInstant();
        AuditProperties.Cadence cadence = properties.checkpoint();
        // the entry recording the last checkpoint (CheckpointSigned) is no reason for another one: an idle chain stays idle
        boolean grownBeyondItsRecord = size - signed >= 2;
        Instant dueByTime = at.plus(cadence.everySeconds());
        lookedAt = size;
        nextLook = grownBeyondItsRecord && dueByTime.isBefore(now.plus(IDLE_LOOK)) ? dueByTime : now.plus(IDLE_LOOK);
        if (size > signed && (size - signed >= cadence.everyEntries() || grownBeyondItsRecord && dueByTime.isBefore(now))) {
            checkpointNow();
        }
    }

    @Override
    public Optional<String> checkpointNow() {
        Map<String, Object> head = jdbc.sql("SELECT seq, link_hash FROM audit_head WHERE id = 1").query().singleRow();
        long size = ((Number) head.get("seq")).longValue();
        if (size > 0) {
            byte[] hash = (byte[]) head.get("link_hash");
            Instant now = Timestamps.now();
            String note = signer.sign(new Checkpoint(properties.origin(), size, hash, now));
            int stored = jdbc.sql("INSERT INTO audit_checkpoints (size, head_hash, created_at, note) VALUES (?, ?, ?, ?) ON CONFLICT (size) DO NOTHING")
                    .params(size, hash, Timestamp.from(now), note).update();
            if (stored == 1) {
                events.publishEvent(new CheckpointSigned(size, HexFormat.of().formatHex(hash), now, note));
            }
        }
        return latest();
    }

    @Override
    public Optional<String> latest() {
        return jdbc.sql("SELECT note FROM audit_checkpoints ORDER BY size DESC LIMIT 1").query(String.class).optional();
    }

    @Override
    public List<String> list(int limit) {
        return jdbc.sql("SELECT note FROM audit_checkpoints ORDER BY size DESC LIMIT ?").param(limit).query(String.class).list();
    }

    @Override
    public String publicKey() {
        return signer.verifierKey();
    }

    private static CheckpointSigner signer(AuditProperties properties) {
        if (!properties.signingKey().isEmpty()) {
            return CheckpointSigner.fromEnvironment(properties.origin(), Map.of(CheckpointSigner.SIGNING_KEY_VARIABLE,
                    properties.signingKey()));
        }
        if (properties.keyFile() == null) {
            throw new IllegalStateException("set CKU_AUDIT_SIGNING_KEY, or cku.audit.key-file for a generated key");
        }
        KeyPair keys = CheckpointSigner.decodePrivateKey(loadOrCreate(properties.keyFile()));
        return new CheckpointSigner(properties.origin(), keys);
    }

    private static String loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, CheckpointSigner.encodePrivateKey(CheckpointSigner.generateKeyPair().getPrivate()));
                    log.info("Generated the audit signing key in {} (set CKU_AUDIT_SIGNING_KEY to provide your own)", file);
                } catch (FileAlreadyExistsException raced) {
                    // another instance created it first
                }
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the audit signing key " + file, e);
        }
    }
}

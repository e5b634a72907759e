package io.cku.auth.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cku.auth.AuthProperties;

/**
 * An HMAC key for access tokens and its id ({@code kid}), derived from the key: stable across restarts, different for every
 * key, and telling nothing about the key.
 */
record SigningKey(SecretKey key, String id) {

    private static final Logger log = LoggerFactory.getLogger(SigningKey.class);

    /** The configured secret, or the key kept in the data directory (created on first use). */
    static SigningKey from(AuthProperties properties) {
        if (!properties.jwtSecret().isEmpty()) {
            return configured(properties.jwtSecret(), "CKU_JWT_SECRET (cku.auth.jwt-secret)");
        }
        if (properties.keyFile() == null) {
            throw new IllegalStateException("set CKU_JWT_SECRET, or cku.auth.key-file for a generated key");
        }
        return of(loadOrCreate(properties.keyFile()));
    }

    /** A key given in the configuration; a start with a short one fails, naming {@code setting}. */
    static SigningKey configured(String value, String setting) {
        byte[] secret = value.getBytes(StandardCharsets.UTF_8);
        if (secret.length < AuthProperties.MIN_SECRET_BYTES) {
            throw new IllegalStateException(setting + " must be at least " + AuthProperties.MIN_SECRET_BYTES
                    + " bytes (256 bits); it has " + secret.length);
        }
        return of(secret);
    }

    static SigningKey of(byte[] secret) {
        return new SigningKey(new SecretKeySpec(secret, "HmacSHA256"), keyId(secret));
    }

    private static byte[] loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            return Base64.getDecoder().decode(Files.readString(file).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the token signing key " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        byte[] secret = new byte[AuthProperties.MIN_SECRET_BYTES * 2];
        new SecureRandom().nextBytes(secret);
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException raced) {
            return;
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, Base64.getEncoder().encodeToString(secret));
        log.info("Generated a token signing key in {} (set CKU_JWT_SECRET to provide your own)", file);
    }

    private static String keyId(byte[] secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

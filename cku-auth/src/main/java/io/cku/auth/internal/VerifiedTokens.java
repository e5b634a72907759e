package io.cku.auth.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

import io.cku.auth.internal.JwtCodec.VerifiedToken;

/**
 * Tokens whose signature verified, keyed by the SHA-256 of the token (the tokens themselves are not kept), bounded: when
 * full, the expired ones go, and if that frees nothing, all of them (each is verified again at its next use).
 */
final class VerifiedTokens {

    /** Enough for every token of a busy instance's access token lifetime; about 300 bytes each. */
    static final int DEFAULT_CAPACITY = 20_000;

    private final int capacity;
    private final ConcurrentHashMap<Digest, VerifiedToken> tokens = new ConcurrentHashMap<>();

    VerifiedTokens(int capacity) {
        this.capacity = capacity;
    }

    VerifiedToken get(String token) {
        return tokens.get(Digest.of(token));
    }

    void put(String token, VerifiedToken verified, Instant now) {
        if (tokens.size() >= capacity) {
            tokens.values().removeIf(kept -> !kept.expiresAt().isAfter(now));
            if (tokens.size() >= capacity) {
                tokens.clear();
            }
        }
        tokens.put(Digest.of(token), verified);
    }

    int size() {
        return tokens.size();
    }

    /** A token's SHA-256. */
    private static final class Digest {

        private final byte[] bytes;
        private final int hash;

        private Digest(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        static Digest of(String token) {
            try {
                return new Digest(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM has SHA-256", e);
            }
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Digest digest && Arrays.equals(bytes, digest.bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}

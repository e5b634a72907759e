package io.cku.shared.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/** Builds signed notes straight from the C2SP text with the JDK, without the production code, so tests check it independently. */
final class NoteFixtures {

    static final String ORIGIN = "cku.example/audit";
    static final Instant NEW_YEAR = Instant.parse("2026-01-01T00:00:00Z");

    private NoteFixtures() {
    }

    static Checkpoint checkpoint(long size) {
        return new Checkpoint(ORIGIN, size, new byte[32], NEW_YEAR);
    }

    /** The last 32 bytes of the X.509 SubjectPublicKeyInfo are the RFC 8032 public key. */
    static byte[] rawPublicKey(KeyPair keys) {
        byte[] encoded = keys.getPublic().getEncoded();
        return Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
    }

    /** SHA-256(key name || 0x0A || 0x01 || public key)[:4]. */
    static byte[] keyId(String keyName, KeyPair keys) throws GeneralSecurityException {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update((keyName + "\n").getBytes(StandardCharsets.UTF_8));
        sha256.update(new byte[] {0x01});
        sha256.update(rawPublicKey(keys));
        return Arrays.copyOf(sha256.digest(), 4);
    }

    static byte[] ed25519(KeyPair keys, String text) throws GeneralSecurityException {
        Signature signature = Signature.getInstance("Ed25519");
        signature.initSign(keys.getPrivate());
        signature.update(text.getBytes(StandardCharsets.UTF_8));
        return signature.sign();
    }

    static String signatureLine(String keyName, byte[] keyId, byte[] signature) {
        byte[] idAndSignature = ByteBuffer.allocate(keyId.length + signature.length).put(keyId).put(signature).array();
        return "\u2014 " + keyName + " " + Base64.getEncoder().encodeToString(idAndSignature) + "\n";
    }

    static String signedNote(String text, String keyName, KeyPair keys) throws GeneralSecurityException {
        return text + "\n" + signatureLine(keyName, keyId(keyName, keys), ed25519(keys, text));
    }
}

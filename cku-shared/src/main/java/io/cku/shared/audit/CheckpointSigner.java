package io.cku.shared.audit;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * Signs checkpoints as C2SP signed notes with one named Ed25519 key; safe to share between threads.
 * The key name should be the checkpoint's origin, as c2sp.org/tlog-checkpoint recommends.
 */
public final class CheckpointSigner {

    /** The environment variable that holds the signing key, as {@link #encodePrivateKey} writes it. */
    public static final String SIGNING_KEY_VARIABLE = "CKU_AUDIT_SIGNING_KEY";

    private final PrivateKey privateKey;
    private final VerifierKey verifierKey;

    /**
     * A signer for the named key.
     *
     * @throws IllegalArgumentException if the name is empty or has spaces, '+' or control characters, or the keys are not
     *         a matching Ed25519 pair
     */
    public CheckpointSigner(String keyName, KeyPair keys) {
        Objects.requireNonNull(keys, "keys");
        this.verifierKey = new VerifierKey(keyName, Ed25519Keys.rawPublicKey(keys.getPublic()));
        Ed25519Keys.requireMatchingPair(keys);
        this.privateKey = keys.getPrivate();
    }

    /** A signer whose private key is the value of {@value #SIGNING_KEY_VARIABLE}, failing with a message naming the variable. */
    public static CheckpointSigner fromEnvironment(String keyName, Map<String, String> environment) {
        String value = environment.get(SIGNING_KEY_VARIABLE);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(SIGNING_KEY_VARIABLE + " is not set; it must hold a base64 PKCS#8 Ed25519 private key");
        }

        KeyPair keys;
        try {
            keys = decodePrivateKey(value);
        } catch (IllegalArgumentException invalid) {
            throw new IllegalArgumentException(SIGNING_KEY_VARIABLE + ": " + invalid.getMessage());
        }
        return new CheckpointSigner(keyName, keys);
    }

    /** A new random Ed25519 key pair. */
    public static KeyPair generateKeyPair() {
        return Ed25519Keys.generate();
    }

    /** The private key as base64 of its PKCS#8 encoding, the form {@value #SIGNING_KEY_VARIABLE} holds. */
    public static String encodePrivateKey(PrivateKey privateKey) {
        Objects.requireNonNull(privateKey, "privateKey");
        return Base64.getEncoder().encodeToString(privateKey.getEncoded());
    }

    /**
     * The key pair of a private key that {@link #encodePrivateKey} wrote (or {@code openssl genpkey -algorithm ed25519
     * -outform DER | base64 -w0}); surrounding whitespace is ignored.
     *
     * @throws IllegalArgumentException if the text is not base64 or not a PKCS#8 Ed25519 private key
     */
    public static KeyPair decodePrivateKey(String encoded) {
        Objects.requireNonNull(encoded, "encoded");
        byte[] pkcs8;
        try {
            pkcs8 = Base64.getDecoder().decode(encoded.strip());
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("the signing key is not base64");
        }
        return Ed25519Keys.withPublicKey(Ed25519Keys.privateKey(pkcs8));
    }

    /** The name that appears in this signer's signature lines. */
    public String keyName() {
        return verifierKey.keyName();
    }

    /** The signed note: the checkpoint's body, a blank line and this key's signature line over the body's UTF-8 bytes. */
    public String sign(Checkpoint checkpoint) {
        String body = checkpoint.body();
        byte[] signature = Ed25519Keys.sign(privateKey, body.getBytes(StandardCharsets.UTF_8));
        return body + "\n" + SignedNote.signatureLine(verifierKey.keyName(), verifierKey.keyId(), signature);
    }

    /** The verifier key to hand to {@link CheckpointVerifier}: {@code <name>+<hex key ID>+<base64(0x01 || public key)>}. */
    public String verifierKey() {
        return verifierKey.encode();
    }
}

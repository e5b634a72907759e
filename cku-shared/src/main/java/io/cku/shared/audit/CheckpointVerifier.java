package io.cku.shared.audit;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.List;

/**
 * Accepts a checkpoint only when one known Ed25519 key signed its exact text, following c2sp.org/signed-note:
 * signatures by other keys are ignored, and every signature by this key must verify.
 */
public final class CheckpointVerifier {

    private final VerifierKey key;
    private final PublicKey publicKey;

    /**
     * A verifier for the key that {@link CheckpointSigner#verifierKey()} printed.
     *
     * @throws IllegalArgumentException naming what is wrong when the text is not {@code <name>+<hex key ID>+<base64 key>},
     *         the key is not Ed25519, or the key ID does not match the name and key
     */
    public CheckpointVerifier(String verifierKey) {
        this.key = VerifierKey.parse(verifierKey);
        this.publicKey = Ed25519Keys.publicKey(key.rawPublicKey());
    }

    /** The name of the key this verifier trusts. */
    public String keyName() {
        return key.keyName();
    }

    /**
     * The checkpoint in a signed note, once this key's signature over the note's exact text has verified.
     *
     * @throws CheckpointRejected naming the first problem: the note's form, a missing or failing signature, or the checkpoint lines
     */
    public Checkpoint verify(String signedNote) {
        SignedNote note = SignedNote.parse(signedNote);
        byte[] text = note.text().getBytes(StandardCharsets.UTF_8);

        for (SignedNote.Signature signature : signaturesByThisKey(note)) {
            requireValid(signature, text);
        }
        return Checkpoint.parse(note.text());
    }

    private List<SignedNote.Signature> signaturesByThisKey(SignedNote note) {
        List<SignedNote.Signature> named = note.signatures().stream().filter(s -> s.keyName().equals(key.keyName())).toList();
        if (named.isEmpty()) {
            throw new CheckpointRejected("the note has no signature line by " + key.keyName());
        }

        List<SignedNote.Signature> ours = named.stream().filter(s -> s.keyId() == key.keyId()).toList();
        if (ours.isEmpty()) {
            throw new CheckpointRejected("the note is signed by another key named " + key.keyName()
                    + " (key ID " + hex(named.get(0).keyId()) + "), not by key ID " + key.hexKeyId());
        }
        return ours;
    }

    private void requireValid(SignedNote.Signature signature, byte[] text) {
        if (signature.signature().length != Ed25519Keys.SIGNATURE_LENGTH) {
            throw new CheckpointRejected("the signature by " + key.keyName() + " is " + signature.signature().length
                    + " bytes; an Ed25519 signature is " + Ed25519Keys.SIGNATURE_LENGTH);
        }
        if (!Ed25519Keys.verify(publicKey, text, signature.signature())) {
            throw new CheckpointRejected("the signature by " + key.keyName() + " does not verify: the checkpoint text was changed"
                    + " after signing, or another key signed it");
        }
    }

    private static String hex(int keyId) {
        return HexFormat.of().toHexDigits(keyId);
    }
}

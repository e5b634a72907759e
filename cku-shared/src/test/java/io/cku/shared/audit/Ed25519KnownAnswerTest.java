package io.cku.shared.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/** Checks key IDs, verifier keys and signature lines against the published example of Go's golang.org/x/mod/sumdb/note. */
class Ed25519KnownAnswerTest {

    private static final String GO_SIGNER_KEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    private static final String GO_VERIFIER_KEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private static final String GO_TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    private static final String GO_SIGNATURE_LINE =
            "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    private final KeyPair peterNeumann = CheckpointSigner.decodePrivateKey(pkcs8OfGoSignerKey());

    @Test
    void derivesTheGoVerifierKeyFromItsPrivateKey() {
        assertThat(new CheckpointSigner("PeterNeumann", peterNeumann).verifierKey()).isEqualTo(GO_VERIFIER_KEY);
    }

    @Test
    void keyIdIsTheFirstFourBytesOfSha256OfNameNewlineTypeAndKey() throws Exception {
        byte[] rawPublicKey = NoteFixtures.rawPublicKey(peterNeumann);

        assertThat(HexFormat.of().formatHex(NoteFixtures.keyId("PeterNeumann", peterNeumann))).isEqualTo("c74f20a3");
        assertThat(Ed25519Keys.keyId("PeterNeumann", rawPublicKey)).isEqualTo(0xc74f20a3);
    }

    @Test
    void signsTheGoExampleTextToTheSameSignatureLine() {
        byte[] signature = Ed25519Keys.sign(peterNeumann.getPrivate(), GO_TEXT.getBytes(StandardCharsets.UTF_8));

        assertThat(SignedNote.signatureLine("PeterNeumann", 0xc74f20a3, signature)).isEqualTo(GO_SIGNATURE_LINE);
    }

    @Test
    void readsTheGoExampleNoteIntoTextAndOneSignature() {
        SignedNote note = SignedNote.parse(GO_TEXT + "\n" + GO_SIGNATURE_LINE);

        assertThat(note.text()).isEqualTo(GO_TEXT);
        assertThat(note.signatures()).singleElement().satisfies(signature -> {
            assertThat(signature.keyName()).isEqualTo("PeterNeumann");
            assertThat(signature.keyId()).isEqualTo(0xc74f20a3);
            assertThat(signature.signature()).hasSize(64);
        });
    }

    @Test
    void acceptsTheGoSignatureButNotItsTextAsACheckpoint() {
        CheckpointVerifier verifier = new CheckpointVerifier(GO_VERIFIER_KEY);

        assertThatThrownBy(() -> verifier.verify(GO_TEXT + "\n" + GO_SIGNATURE_LINE)).isInstanceOf(CheckpointRejected.class)
                .hasMessage("the checkpoint text has 2 lines; it must have 4: origin, size, head hash, time");
    }

    /** Go's signer key is {@code PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 || 32-byte seed)>}; PKCS#8 wraps the same seed. */
    private static String pkcs8OfGoSignerKey() {
        byte[] typeAndSeed = Base64.getDecoder().decode(GO_SIGNER_KEY.split("\\+", 5)[4]);
        byte[] header = HexFormat.of().parseHex("302e020100300506032b657004220420");
        byte[] seed = Arrays.copyOfRange(typeAndSeed, 1, typeAndSeed.length);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(header.length + seed.length).put(header).put(seed).array());
    }
}

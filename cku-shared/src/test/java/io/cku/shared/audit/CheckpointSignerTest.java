package io.cku.shared.audit;

import static io.cku.shared.audit.NoteFixtures.ORIGIN;
import static io.cku.shared.audit.NoteFixtures.checkpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointSignerTest {

    private final KeyPair keys = CheckpointSigner.generateKeyPair();
    private final CheckpointSigner signer = new CheckpointSigner(ORIGIN, keys);

    @Test
    void signedNoteIsTheBodyABlankLineAndOneSignatureLine() {
        Checkpoint checkpoint = checkpoint(10);

        String note = signer.sign(checkpoint);

        assertThat(note).startsWith(checkpoint.body() + "\n\u2014 cku.example/audit ").endsWith("\n");
        assertThat(note.substring(checkpoint.body().length() + 1).split("\n")).hasSize(1);
    }

    @Test
    void signatureIsTheC2spKeyIdThenEd25519OverTheBodyBytes() throws Exception {
        Checkpoint checkpoint = checkpoint(10);
        String line = signer.sign(checkpoint).substring(checkpoint.body().length() + 1);

        byte[] idAndSignature = Base64.getDecoder().decode(line.substring(line.lastIndexOf(' ') + 1).strip());

        assertThat(idAndSignature).hasSize(4 + 64);
        assertThat(Arrays.copyOf(idAndSignature, 4)).isEqualTo(NoteFixtures.keyId(ORIGIN, keys));
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initVerify(keys.getPublic());
        ed25519.update(checkpoint.body().getBytes(StandardCharsets.UTF_8));
        assertThat(ed25519.verify(Arrays.copyOfRange(idAndSignature, 4, idAndSignature.length))).isTrue();
    }

    @Test
    void verifierKeyIsNameHexKeyIdAndBase64OfTypeByteAndPublicKey() throws Exception {
        byte[] typeAndKey = new byte[33];
        typeAndKey[0] = 0x01;
        System.arraycopy(NoteFixtures.rawPublicKey(keys), 0, typeAndKey, 1, 32);

        String expected = ORIGIN + "+" + HexFormat.of().formatHex(NoteFixtures.keyId(ORIGIN, keys)) + "+"
                + Base64.getEncoder().encodeToString(typeAndKey);

        assertThat(signer.verifierKey()).isEqualTo(expected);
    }

    @Test
    void privateKeyRoundTripsThroughItsStorageEncoding() {
        String encoded = CheckpointSigner.encodePrivateKey(keys.getPrivate());

        KeyPair decoded = CheckpointSigner.decodePrivateKey(" " + encoded + "\n");

        assertThat(decoded.getPublic().getEncoded()).isEqualTo(keys.getPublic().getEncoded());
        assertThat(new CheckpointSigner(ORIGIN, decoded).sign(checkpoint(3))).isEqualTo(signer.sign(checkpoint(3)));
    }

    @Test
    void buildsTheSignerFromTheSigningKeyVariable() {
        Map<String, String> environment = Map.of("CKU_AUDIT_SIGNING_KEY", CheckpointSigner.encodePrivateKey(keys.getPrivate()));

        CheckpointSigner fromEnvironment = CheckpointSigner.fromEnvironment(ORIGIN, environment);

        assertThat(fromEnvironment.verifierKey()).isEqualTo(signer.verifierKey());
    }

    @Test
    void refusesAMissingOrInvalidSigningKeyNamingTheVariable() throws Exception {
        Map<String, String> missing = new HashMap<>();
        String ed448 = Base64.getEncoder().encodeToString(KeyPairGenerator.getInstance("Ed448").generateKeyPair().getPrivate().getEncoded());

        assertThatIllegalArgumentException().isThrownBy(() -> CheckpointSigner.fromEnvironment(ORIGIN, missing))
                .withMessage("CKU_AUDIT_SIGNING_KEY is not set; it must hold a base64 PKCS#8 Ed25519 private key");
        assertThatIllegalArgumentException().isThrownBy(() -> CheckpointSigner.fromEnvironment(ORIGIN, Map.of("CKU_AUDIT_SIGNING_KEY", " ")))
                .withMessageStartingWith("CKU_AUDIT_SIGNING_KEY is not set");
        assertThatIllegalArgumentException().isThrownBy(() -> CheckpointSigner.fromEnvironment(ORIGIN, Map.of("CKU_AUDIT_SIGNING_KEY", "not*base64")))
                .withMessage("CKU_AUDIT_SIGNING_KEY: the signing key is not base64");
        assertThatIllegalArgumentException().isThrownBy(() -> CheckpointSigner.fromEnvironment(ORIGIN, Map.of("CKU_AUDIT_SIGNING_KEY", "AAAA")))
                .withMessage("CKU_AUDIT_SIGNING_KEY: the key is not a PKCS#8-encoded Ed25519 private key");
        assertThatIllegalArgumentException().isThrownBy(() -> CheckpointSigner.fromEnvironment(ORIGIN, Map.of("CKU_AUDIT_SIGNING_KEY", ed448)))
                .withMessage("CKU_AUDIT_SIGNING_KEY: the key is not a PKCS#8-encoded Ed25519 private key");
    }

    @Test
    void acceptsAPrivateKeyWrittenByOpenssl() {
        // openssl genpkey -algorithm ed25519 -outform DER | base64 -w0, and the last 32 bytes of its `openssl pkey -pubout -outform DER`
        KeyPair decoded = CheckpointSigner.decodePrivateKey("MC4CAQAwBQYDK2VwBCIEIG3uQumLM4c/Sys9yVGqe2XOsYlf+UgEbIHbCnispkUk");

        assertThat(Base64.getEncoder().encodeToString(NoteFixtures.rawPublicKey(decoded)))
                .isEqualTo("WzDuINGfdtYNME92g/9OcE80mKmHBug+KQ4eSx7+KdQ=");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "cku example", "cku+audit", "cku\naudit", "cku\u00a0audit", "cku\u2003audit"})
    void refusesKeyNamesASignatureLineCannotCarry(String keyName) {
        assertThatIllegalArgumentException().isThrownBy(() -> new CheckpointSigner(keyName, keys))
                .withMessageContaining("key name");
    }

    @Test
    void refusesAKeyPairWhoseHalvesDoNotMatch() {
        KeyPair mismatched = new KeyPair(CheckpointSigner.generateKeyPair().getPublic(), keys.getPrivate());

        assertThatIllegalArgumentException().isThrownBy(() -> new CheckpointSigner(ORIGIN, mismatched))
                .withMessage("the public key does not belong to the private key");
    }

    @Test
    void refusesAKeyPairThatIsNotEd25519() throws Exception {
        KeyPair ed448 = KeyPairGenerator.getInstance("Ed448").generateKeyPair();

        assertThatIllegalArgumentException().isThrownBy(() -> new CheckpointSigner(ORIGIN, ed448))
                .withMessage("the public key is not an Ed25519 key");
    }
}

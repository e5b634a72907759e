package io.cku.shared.audit;

import static io.cku.shared.audit.NoteFixtures.ORIGIN;
import static io.cku.shared.audit.NoteFixtures.checkpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CheckpointVerifierTest {

    private static final String ZERO_HASH = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    private static final String BODY = ORIGIN + "\n10\n" + ZERO_HASH + "\ntime 2026-01-01T00:00:00Z\n";

    private final KeyPair keys = CheckpointSigner.generateKeyPair();
    private final CheckpointSigner signer = new CheckpointSigner(ORIGIN, keys);
    private final CheckpointVerifier verifier = new CheckpointVerifier(signer.verifierKey());

    @Test
    void returnsTheCheckpointItsKeySigned() {
        Checkpoint checkpoint = new Checkpoint(ORIGIN, 42, new byte[32], Instant.parse("2026-11-24T17:00:00.123Z"));

        assertThat(verifier.verify(signer.sign(checkpoint))).isEqualTo(checkpoint);
        assertThat(verifier.keyName()).isEqualTo(ORIGIN);
    }

    @Test
    void rejectsANoteSignedByAKeyItDoesNotKnow() {
        CheckpointSigner stranger = new CheckpointSigner("other.example/audit", CheckpointSigner.generateKeyPair());

        assertRejected(stranger.sign(checkpoint(10)), "the note has no signature line by cku.example/audit");
    }

    @Test
    void rejectsATamperedSize() {
        String tampered = signer.sign(checkpoint(10)).replace("\n10\n", "\n11\n");

        assertRejected(tampered, "the signature by cku.example/audit does not verify");
    }

    @Test
    void rejectsATamperedHeadHash() {
        String tampered = signer.sign(checkpoint(10)).replace(ZERO_HASH, "AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");

        assertRejected(tampered, "the signature by cku.example/audit does not verify");
    }

    @Test
    void rejectsATamperedTime() {
        String tampered = signer.sign(checkpoint(10)).replace("time 2026-01-01T00:00:00Z", "time 2026-01-01T00:00:01Z");

        assertRejected(tampered, "the signature by cku.example/audit does not verify");
    }

    @Test
    void rejectsANoteWithoutSignatureLines() {
        assertRejected(BODY, "the note has no blank line between the checkpoint and its signature lines");
        assertRejected(BODY + "\n", "the note has no signature lines");
    }

    @Test
    void rejectsASignatureByAnotherKeyWithTheSameName() {
        CheckpointSigner impostor = new CheckpointSigner(ORIGIN, CheckpointSigner.generateKeyPair());

        assertRejected(impostor.sign(checkpoint(10)), "the note is signed by another key named cku.example/audit");
    }

    @Test
    void rejectsAnotherKeysSignatureUnderThisKeysId() throws Exception {
        KeyPair impostor = CheckpointSigner.generateKeyPair();
        String forged = BODY + "\n" + NoteFixtures.signatureLine(ORIGIN, NoteFixtures.keyId(ORIGIN, keys), NoteFixtures.ed25519(impostor, BODY));

        assertRejected(forged, "the signature by cku.example/audit does not verify");
    }

    @Test
    void acceptsANoteCosignedByTwoKeysWithEitherVerifier() {
        CheckpointSigner witness = new CheckpointSigner("witness.example/w1", CheckpointSigner.generateKeyPair());
        Checkpoint checkpoint = checkpoint(10);
        String cosigned = signer.sign(checkpoint) + signatureLineOf(witness.sign(checkpoint));

        assertThat(verifier.verify(cosigned)).isEqualTo(checkpoint);
        assertThat(new CheckpointVerifier(witness.verifierKey()).verify(cosigned)).isEqualTo(checkpoint);
    }

    @Test
    void rejectsANoteWhenAnyOfItsSignaturesByThisKeyFails() throws Exception {
        String failing = NoteFixtures.signatureLine(ORIGIN, NoteFixtures.keyId(ORIGIN, keys), new byte[64]);

        assertRejected(signer.sign(checkpoint(10)) + failing, "the signature by cku.example/audit does not verify");
    }

    @ParameterizedTest
    @MethodSource("malformedCheckpoints")
    void rejectsMalformedCheckpointLinesEvenWhenSigned(String body, String reason) throws Exception {
        assertRejected(NoteFixtures.signedNote(body, ORIGIN, keys), reason);
    }

    static Stream<Arguments> malformedCheckpoints() {
        String time = "time 2026-01-01T00:00:00Z\n";
        return Stream.of(
                Arguments.of("\n10\n" + ZERO_HASH + "\n" + time, "the origin line is empty"),
                Arguments.of(ORIGIN + "\n010\n" + ZERO_HASH + "\n" + time, "the size line '010' is not a decimal number"),
                Arguments.of(ORIGIN + "\n-1\n" + ZERO_HASH + "\n" + time, "the size line '-1' is not a decimal number"),
                Arguments.of(ORIGIN + "\nten\n" + ZERO_HASH + "\n" + time, "the size line 'ten' is not a decimal number"),
                Arguments.of(ORIGIN + "\n9223372036854775808\n" + ZERO_HASH + "\n" + time, "is too large"),
                Arguments.of(ORIGIN + "\n10\nnot*base64\n" + time, "the head hash line 'not*base64' is not base64"),
                Arguments.of(ORIGIN + "\n10\nAAAA\n" + time, "is not the base64 of a 32-byte hash"),
                Arguments.of(ORIGIN + "\n10\n" + ZERO_HASH.replace("A=", "B=") + "\n" + time, "is not the base64 of a 32-byte hash"),
                Arguments.of(ORIGIN + "\n10\n" + ZERO_HASH + "\n", "the checkpoint text has 3 lines"),
                Arguments.of(BODY + "extra\n", "the checkpoint text has 5 lines"),
                Arguments.of(ORIGIN + "\n10\n\n" + ZERO_HASH + "\n" + time, "the checkpoint text has 5 lines"),
                Arguments.of(ORIGIN + "\n10\n" + ZERO_HASH + "\nwhen 2026-01-01T00:00:00Z\n", "is not 'time <ISO-8601 instant>'"),
                Arguments.of(ORIGIN + "\n10\n" + ZERO_HASH + "\ntime 2026-01-01T00:00Z\n", "is not an ISO-8601 UTC instant"),
                Arguments.of(ORIGIN + "\n10\n" + ZERO_HASH + "\ntime 2026-01-01T01:00:00+01:00\n", "is not an ISO-8601 UTC instant"),
                Arguments.of(ORIGIN + "\n10\n" + ZERO_HASH + "\ntime yesterday\n", "is not an ISO-8601 UTC instant"));
    }

    @ParameterizedTest
    @MethodSource("malformedSignatureLines")
    void rejectsMalformedSignatureLines(String signatureLines, String reason) {
        assertRejected(BODY + "\n" + signatureLines, reason);
    }

    static Stream<Arguments> malformedSignatureLines() {
        return Stream.of(
                Arguments.of("- cku.example/audit AAAAAAA=\n", "is not '\u2014 <key name> <base64 signature>'"),
                Arguments.of("\u2014cku.example/audit AAAAAAA=\n", "is not '\u2014 <key name> <base64 signature>'"),
                Arguments.of("\u2014 cku.example/audit\n", "is not '\u2014 <key name> <base64 signature>'"),
                Arguments.of("\u2014 cku.example/audit not*base64\n", "is not base64"),
                Arguments.of("\u2014 cku.example/audit AAAA\n", "a signature shorter than 5 bytes"),
                Arguments.of("\u2014 cku+audit AAAAAAA=\n", "has an invalid key name"),
                Arguments.of("\u2014 cku.example/audit AAAAAAA=", "the last signature line does not end with a newline"),
                Arguments.of("\u2014 cku.example/audit AAAAAAA=\r\n", "a control character other than newline"),
                Arguments.of("\u2014 cku.example/audit AAAAAAA=\n\n", "the note has no signature lines"),
                Arguments.of("\u2014 other.example/audit AAAAAAA=\n".repeat(101), "more than 100 signature lines"));
    }

    @Test
    void rejectsAnEd25519SignatureOfTheWrongLength() throws Exception {
        String line = NoteFixtures.signatureLine(ORIGIN, NoteFixtures.keyId(ORIGIN, keys), new byte[63]);

        assertRejected(BODY + "\n" + line, "is 63 bytes; an Ed25519 signature is 64");
    }

    @Test
    void acceptsAVerifierKeyInEitherHexCase() {
        String go = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";

        assertThat(new CheckpointVerifier(go).keyName()).isEqualTo("PeterNeumann");
        assertThat(new CheckpointVerifier(go.replace("c74f20a3", "C74F20A3")).keyName()).isEqualTo("PeterNeumann");
    }

    @ParameterizedTest
    @MethodSource("invalidVerifierKeys")
    void refusesVerifierKeysThatDoNotParse(String verifierKey, String reason) {
        assertThatIllegalArgumentException().isThrownBy(() -> new CheckpointVerifier(verifierKey)).withMessageContaining(reason);
    }

    static Stream<Arguments> invalidVerifierKeys() {
        String key = "ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
        return Stream.of(
                Arguments.of(null, "a verifier key is '<name>+<hex key ID>+<base64 key>'"),
                Arguments.of("", "a verifier key is '<name>+<hex key ID>+<base64 key>'"),
                Arguments.of("PeterNeumann+c74f20a3", "a verifier key is '<name>+<hex key ID>+<base64 key>'"),
                Arguments.of("+c74f20a3+" + key, "the verifier key's name '' must be non-empty"),
                Arguments.of("Peter Neumann+c74f20a3+" + key, "the verifier key's name 'Peter Neumann' must be non-empty"),
                Arguments.of("PeterNeumann+c74f20a+" + key, "key ID 'c74f20a' is not 8 hex digits"),
                Arguments.of("PeterNeumann+c74f20g3+" + key, "key ID 'c74f20g3' is not 8 hex digits"),
                Arguments.of("PeterNeumann+c74f20a4+" + key, "key ID c74f20a4 does not match its name and key, which give c74f20a3"),
                Arguments.of("PeterNeumann+c74f20a3+not*base64", "the verifier key's key is not base64"),
                Arguments.of("PeterNeumann+c74f20a3+" + key.replaceFirst("^AR", "Ah"), "is not an Ed25519 key (its first byte must be 0x01)"),
                Arguments.of("PeterNeumann+c74f20a3+", "is not an Ed25519 key (its first byte must be 0x01)"),
                Arguments.of("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10Q=", "Ed25519 key is 31 bytes, not 32"));
    }

    private void assertRejected(String note, String reason) {
        assertThatThrownBy(() -> verifier.verify(note)).isInstanceOf(CheckpointRejected.class).hasMessageContaining(reason);
    }

    private static String signatureLineOf(String signedNote) {
        return signedNote.substring(signedNote.lastIndexOf("\n\n") + 2);
    }
}

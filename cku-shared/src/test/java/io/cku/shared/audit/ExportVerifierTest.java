package io.cku.shared.audit;

import static io.cku.shared.audit.ExportFixtures.ORIGIN;
import static io.cku.shared.audit.ExportFixtures.chain;
import static io.cku.shared.audit.ExportFixtures.checkpoint;
import static io.cku.shared.audit.ExportFixtures.copy;
import static io.cku.shared.audit.ExportFixtures.reader;
import static io.cku.shared.audit.ExportFixtures.redacted;
import static io.cku.shared.audit.ExportFixtures.rehashed;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.node.ObjectNode;

/** The offline check of an export: a genuine one verifies, and each kind of tampering is caught, at its seq where there is one. */
class ExportVerifierTest {

    private static final CheckpointSigner SIGNER = new CheckpointSigner(ORIGIN, CheckpointSigner.generateKeyPair());

    private final ExportVerifier verifier = new ExportVerifier(SIGNER.verifierKey());
    private final List<ObjectNode> genuine = chain(6);
    private final String checkpoint = checkpoint(genuine, 6, SIGNER);

    @Test
    void acceptsAGenuineExport() throws IOException {
        assertThat(verify(genuine)).isEqualTo(Verification.ok(6));
    }

    @Test
    void acceptsAnExportThatStartsMidChainFromTheLinkItGives() throws IOException {
        assertThat(verify(genuine.subList(2, 6))).isEqualTo(Verification.ok(4));
    }

    @Test
    void acceptsOtherTenantsEntriesRedactedToTheirHashes() throws IOException {
        List<ObjectNode> forAcme = copy(genuine);
        forAcme.replaceAll(line -> line.get("tenant").asString().equals("acme") ? line : redacted(line));

        assertThat(verify(forAcme)).isEqualTo(Verification.ok(6));
    }

    @Test
    void saysWhichEntriesNoSignatureCovers() throws IOException {
        Verification outcome = verifier.verify(reader(genuine), checkpoint(genuine, 4, SIGNER));

        assertThat(outcome.valid()).isTrue();
        assertThat(outcome.reason()).isEqualTo("the checkpoint of size 4 does not cover entries 5 to 6");
    }

    @Test
    void rejectsAChangedDetailsValueAtItsSeq() throws IOException {
        List<ObjectNode> tampered = copy(genuine);
        ((ObjectNode) tampered.get(2).get("details")).put("amount", 1_000_000);

        assertInvalidAt(tampered, 3, "entry 3's fields differ from its canonical bytes");
    }

    @Test
    void rejectsAChangedCanonicalAtItsSeq() throws IOException {
        List<ObjectNode> tampered = copy(genuine);
        tampered.get(2).put("canonical", Base64.getEncoder().encodeToString("{}".getBytes()));

        assertInvalidAt(tampered, 3, "entry 3's fields differ from its canonical bytes");
    }

    @Test
    void rejectsFieldsAndCanonicalChangedTogetherAtTheirSeq() throws IOException {
        List<ObjectNode> tampered = copy(genuine);
        tampered.get(2).put("subject", "invoice-forged");
        tampered.get(2).put("canonical", Base64.getEncoder().encodeToString(ExportFixtures.canonical(tampered.get(2))));

        assertInvalidAt(tampered, 3, "entry 3's leaf hash does not match its canonical bytes");
    }

    @Test
    void rejectsADeletedMiddleLineAtItsSeq() throws IOException {
        List<ObjectNode> tampered = copy(genuine);
        tampered.remove(2);

        assertInvalidAt(tampered, 3, "entry 3 is missing (line 3 is entry 4)");
    }

    @Test
    void rejectsTwoSwappedLinesAtTheFirst() throws IOException {
        List<ObjectNode> tampered = copy(genuine);
        Collections.swap(tampered, 1, 2);

        assertInvalidAt(tampered, 2, "entry 2 is missing");
    }

    @Test
    void rejectsATailShorterThanTheCheckpoint() throws IOException {
        assertInvalidAt(genuine.subList(0, 4), 5, "the export ends at entry 4 but the checkpoint signs 6 entries");
    }

    @Test
    void rejectsAnEntryReplacedWithEveryLaterHashRecomputedAtTheCheckpoint() throws IOException {
        List<ObjectNode> tampered = copy(genuine);
        ((ObjectNode) tampered.get(2).get("details")).put("amount", 1_000_000);
        rehashed(tampered, 2);

        assertInvalidAt(tampered, 1, "entry 6's link hash is not the head the checkpoint signed");
    }

    @Test
    void rejectsACheckpointSignedByAnotherKey() throws IOException {
        CheckpointSigner impostor = new CheckpointSigner(ORIGIN, CheckpointSigner.generateKeyPair());

        Verification outcome = verifier.verify(reader(genuine), checkpoint(genuine, 6, impostor));

        assertThat(outcome.valid()).isFalse();
        assertThat(outcome.firstInvalidSeq()).isNull();
        assertThat(outcome.reason()).startsWith("the checkpoint is refused: the note is signed by another key");
    }

    @Test
    void rejectsARedactedLineWithAWrongLeafHashAtItsSeq() throws IOException {
        List<ObjectNode> tampered = copy(genuine);
        tampered.set(3, redacted(tampered.get(3)).put("leafHash", "ab".repeat(32)));

        assertInvalidAt(tampered, 4, "entry 4's link hash does not match its leaf hash and previous link");
    }

    @Test
    void rejectsAFirstEntryThatDoesNotStartFromGenesis() throws IOException {
        List<ObjectNode> tampered = copy(genuine);
        tampered.get(0).put("prevLink", "01".repeat(32));

        assertInvalidAt(tampered, 1, "entry 1 does not start from the genesis link");
    }

    @Test
    void rejectsALineThatIsNotAnEntryAtItsSeq() throws IOException {
        List<ObjectNode> tampered = copy(genuine);
        tampered.get(3).put("approvedBy", "nobody");

        assertInvalidAt(tampered, 4, "line 4 has unexpected fields [approvedBy]");
    }

    @Test
    void rejectsALineThatIsNotJsonAtItsSeq() throws IOException {
        String text = ExportFixtures.ndjson(genuine);
        String broken = text.replaceFirst("\\{\"seq\":4,", "{\"seq\":4");

        Verification outcome = verifier.verify(new BufferedReader(new StringReader(broken)), checkpoint);

        assertThat(outcome.firstInvalidSeq()).isEqualTo(4);
        assertThat(outcome.reason()).startsWith("line 4 is not one JSON object");
    }

    @Test
    void rejectsAnExportThatStartsAfterTheCheckpoint() throws IOException {
        Verification outcome = verifier.verify(reader(genuine.subList(4, 6)), checkpoint(genuine, 3, SIGNER));

        assertThat(outcome.firstInvalidSeq()).isEqualTo(5);
        assertThat(outcome.reason()).contains("export from entry 3 or earlier");
    }

    @Test
    void rejectsAnEmptyExport() throws IOException {
        Verification outcome = verify(List.of());

        assertThat(outcome.valid()).isFalse();
        assertThat(outcome.reason()).isEqualTo("the export is empty; the checkpoint signs 6 entries");
    }

    private Verification verify(List<ObjectNode> lines) throws IOException {
        return verifier.verify(reader(lines), checkpoint);
    }

    private void assertInvalidAt(List<ObjectNode> lines, long seq, String reason) throws IOException {
        Verification outcome = verify(lines);

        assertThat(outcome.valid()).isFalse();
        assertThat(outcome.firstInvalidSeq()).isEqualTo(seq);
        assertThat(outcome.reason()).contains(reason);
    }
}

package io.cku.audit;

import static io.cku.audit.ExportFixtures.ORIGIN;
import static io.cku.audit.ExportFixtures.chain;
import static io.cku.audit.ExportFixtures.checkpoint;
import static io.cku.audit.ExportFixtures.ndjson;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.node.ObjectNode;

/** The command line: arguments, what it prints, and its exit codes. */
class OfflineVerifierTest {

    private static final CheckpointSigner SIGNER = new CheckpointSigner(ORIGIN, CheckpointSigner.generateKeyPair());

    @TempDir
    private Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<ObjectNode> lines = chain(5);
    private Path export;
    private Path checkpoint;
    private Path key;

    @BeforeEach
    void writeFiles() throws IOException {
        export = Files.writeString(dir.resolve("export.ndjson"), ndjson(lines));
        checkpoint = Files.writeString(dir.resolve("checkpoint.txt"), checkpoint(lines, 5, SIGNER));
        key = Files.writeString(dir.resolve("key.txt"), SIGNER.verifierKey() + "\n");
    }

    @Test
    void exitsZeroWithAVerdictAndTheOutcomeForAGenuineExport() {
        int code = run("--export", export.toString(), "--checkpoint", checkpoint.toString(), "--public-key", key.toString());

        assertThat(code).isEqualTo(OfflineVerifier.VALID);
        assertThat(out.toString()).isEqualTo("VALID: 5 entries verify\n"
                + "{\"valid\":true,\"checked\":5,\"firstInvalidSeq\":null,\"reason\":null}\n");
    }

    @Test
    void exitsOneNamingTheFirstInvalidSeq() throws IOException {
        Files.writeString(export, ndjson(lines).replace("invoice-3", "invoice-33"));

        int code = run("--export", export.toString(), "--checkpoint", checkpoint.toString(), "--public-key", key.toString());

        assertThat(code).isEqualTo(OfflineVerifier.INVALID);
        assertThat(out.toString()).startsWith("INVALID at entry 3: entry 3's fields differ from its canonical bytes\n")
                .contains("\"firstInvalidSeq\":3");
    }

    @Test
    void takesThePublicKeyAsTextAndTheExportFromStandardInput() throws IOException {
        InputStream stdin = new ByteArrayInputStream(Files.readAllBytes(export));

        int code = OfflineVerifier.run(new String[] {"--export", "-", "--checkpoint", checkpoint.toString(), "--public-key",
            SIGNER.verifierKey()}, stdin, new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(code).isEqualTo(OfflineVerifier.VALID);
    }

    @Test
    void exitsTwoWithTheUsageOnAMissingOrUnknownOption() {
        assertThat(run("--export", export.toString(), "--checkpoint", checkpoint.toString())).isEqualTo(OfflineVerifier.ERROR);
        assertThat(err.toString()).contains("error: --public-key is missing", OfflineVerifier.USAGE);

        assertThat(run("--export", export.toString(), "--verbose")).isEqualTo(OfflineVerifier.ERROR);
        assertThat(err.toString()).contains("error: unknown option '--verbose'");
    }

    @Test
    void exitsTwoOnAPublicKeyThatIsNotAVerifierKey() {
        int code = run("--export", export.toString(), "--checkpoint", checkpoint.toString(), "--public-key", "not-a-key");

        assertThat(code).isEqualTo(OfflineVerifier.ERROR);
        assertThat(err.toString()).contains("error: a verifier key is '<name>+<hex key ID>+<base64 key>'");
    }

    @Test
    void exitsTwoWhenAFileCannotBeRead() {
        int code = run("--export", dir.resolve("missing.ndjson").toString(), "--checkpoint", checkpoint.toString(), "--public-key",
                key.toString());

        assertThat(code).isEqualTo(OfflineVerifier.ERROR);
        assertThat(err.toString()).contains("error: cannot read", "missing.ndjson");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void printsTheUsageOnHelp() {
        assertThat(run("--help")).isEqualTo(OfflineVerifier.VALID);
        assertThat(out.toString()).isEqualTo(OfflineVerifier.USAGE + "\n");
    }

    private int run(String... args) {
        return OfflineVerifier.run(args, InputStream.nullInputStream(), new PrintWriter(out, true), new PrintWriter(err, true));
    }
}

package io.cku.shared.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The line format the export writes is the one the verifier reads, field for field. */
class ExportLineTest {

    private static final byte[] LEAF = filled(0x11);
    private static final byte[] PREVIOUS = filled(0x22);
    private static final byte[] LINK = filled(0x33);

    private final ExportLine.Entry entry = new ExportLine.Entry("2026-11-24T18:00:00.123456Z", "acme", "user:alice", "run.submitted",
            "run-1", ExportFixtures.JSON.readTree("{\"amount\":1.5,\"note\":\"é\"}"), "{}".getBytes(StandardCharsets.UTF_8));
    private final ExportLine line = new ExportLine(7, entry, LEAF, PREVIOUS, LINK);

    @Test
    void writesAFullLineWithItsFieldsInTheDocumentedOrder() {
        assertThat(text(line)).isEqualTo("{\"seq\":7,\"at\":\"2026-11-24T18:00:00.123456Z\",\"tenant\":\"acme\",\"actor\":\"user:alice\","
                + "\"action\":\"run.submitted\",\"subject\":\"run-1\",\"details\":{\"amount\":1.5,\"note\":\"é\"},\"canonical\":\"e30=\","
                + "\"leafHash\":\"" + "11".repeat(32) + "\",\"prevLink\":\"" + "22".repeat(32) + "\",\"linkHash\":\"" + "33".repeat(32) + "\"}");
    }

    @Test
    void writesARedactedLineWithOnlyItsSeqAndHashes() {
        assertThat(text(line.redacted())).isEqualTo("{\"seq\":7,\"redacted\":true,\"leafHash\":\"" + "11".repeat(32) + "\",\"prevLink\":\""
                + "22".repeat(32) + "\",\"linkHash\":\"" + "33".repeat(32) + "\"}");
    }

    @Test
    void readsBackWhatItWrites() {
        ExportLine read = ExportLine.parse(text(line));

        assertThat(read.seq()).isEqualTo(7);
        assertThat(read.entry()).usingRecursiveComparison().isEqualTo(entry);
        assertThat(read.linkHash()).isEqualTo(LINK);
        assertThat(ExportLine.parse(text(line.redacted())).isRedacted()).isTrue();
    }

    @Test
    void refusesLinesThatAreNotExactlyAFullOrARedactedLine() {
        assertThatIllegalArgumentException().isThrownBy(() -> ExportLine.parse(text(line).replace("\"tenant\":\"acme\",", "")))
                .withMessage("lacks the fields [tenant]");
        assertThatIllegalArgumentException().isThrownBy(() -> ExportLine.parse(text(line.redacted()).replace("true", "false")))
                .withMessage("has a 'redacted' that is not true");
        assertThatIllegalArgumentException().isThrownBy(() -> ExportLine.parse(text(line).replace("11", "AA")))
                .withMessage("has a 'leafHash' that is not 64 lower-case hex digits");
        assertThatIllegalArgumentException().isThrownBy(() -> ExportLine.parse(text(line).replace("\"seq\":7", "\"seq\":7.5")))
                .withMessage("has a 'seq' that is not a whole number from 1");
    }

    private static String text(ExportLine line) {
        return new String(line.toJson(), StandardCharsets.UTF_8);
    }

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}

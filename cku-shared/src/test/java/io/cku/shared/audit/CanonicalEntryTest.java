package io.cku.shared.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class CanonicalEntryTest {

    @Test
    void aTemplateFilledWithItsSeqIsTheCanonicalJsonOfTheWholeEntry() {
        Random random = new Random(20261124);
        for (int i = 0; i < 2000; i++) {
            long seq = 1 + (random.nextLong() & ((1L << 53) - 1));
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("z" + random.nextInt(100), random.nextDouble() * 1e6);
            details.put("seq", Map.of("seq", 0, "subject", "\"seq\":1,")); // nested look-alikes change nothing
            details.put("list", List.of(random.nextInt(), "é ✓ \u0001", true));
            String subject = "run-" + random.nextInt() + "\"\\";
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("tenant", "t" + i);
            entry.put("subject", subject);
            entry.put("seq", seq);
            entry.put("details", details);
            entry.put("at", "2026-11-24T20:00:00.123456Z");
            entry.put("actor", "user:alice");
            entry.put("action", "run.step-started");

            byte[] filled = CanonicalEntry.template("2026-11-24T20:00:00.123456Z", "t" + i, "user:alice", "run.step-started", subject,
                    details).bytes(seq);

            assertThat(new String(filled, StandardCharsets.UTF_8)).isEqualTo(new String(Jcs.canonicalize(entry), StandardCharsets.UTF_8));
        }
    }

    @Test
    void writesTheSeqBetweenDetailsAndSubject() {
        byte[] bytes = CanonicalEntry.template("2026-01-01T00:00:00Z", "acme", "system:system", "run.finished", "r1", Map.of("to", "SUCCEEDED"))
                .bytes(42);

        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("{\"action\":\"run.finished\",\"actor\":\"system:system\","
                + "\"at\":\"2026-01-01T00:00:00Z\",\"details\":{\"to\":\"SUCCEEDED\"},\"seq\":42,\"subject\":\"r1\",\"tenant\":\"acme\"}");
    }

    @Test
    void refusesASeqThatRfc8785CouldNotWriteExactly() {
        CanonicalEntry.Template template = CanonicalEntry.template("2026-01-01T00:00:00Z", "t", "a", "x", "s", Map.of());

        assertThatThrownBy(() -> template.bytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> template.bytes((1L << 53) + 1)).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.cku.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.cku.shared.audit.CanonicalEntry;
import io.cku.shared.audit.Jcs;
import io.cku.shared.audit.ChainHashes;

class AuditEntryReadTest {

    @Test
    void theFieldsAreReadOutOfTheHashedBytesAndTheDetailsAreTheirCanonicalText() {
        Random random = new Random(20261207);
        for (int i = 0; i < 500; i++) {
            long seq = 1 + random.nextInt(1_000_000);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("view", "{\"id\":\"r-" + i + "\",\"quote\":\"\\\"\"}"); // a view stored as text, escapes and all
            details.put("nested", Map.of("tenant", "not-this-one", "at", "1970-01-01T00:00:00Z", "list", List.of(1, "é ✓ \u0001", true)));
            details.put("n", random.nextDouble() * 1e9);
            String subject = "run-" + random.nextInt() + "\"\\ ✓";
            byte[] canonical = CanonicalEntry.bytes(seq, "2026-12-07T13:00:00.123456Z", "t" + i, "user:alice", "run.step-started",
                    subject, details);
            byte[] leaf = ChainHashes.leaf(canonical);

            AuditEntry entry = AuditEntry.read(seq, canonical, leaf, new byte[32], leaf);

            assertThat(entry.seq()).isEqualTo(seq);
            assertThat(entry.at()).isEqualTo(Instant.parse("2026-12-07T13:00:00.123456Z"));
            assertThat(entry.tenant()).isEqualTo("t" + i);
            assertThat(entry.actor()).isEqualTo("user:alice");
            assertThat(entry.action()).isEqualTo("run.step-started");
            assertThat(entry.subject()).isEqualTo(subject);
            assertThat(entry.details()).isEqualTo(new String(Jcs.canonicalize(details), StandardCharsets.UTF_8));
            assertThat(entry.canonical()).isSameAs(canonical);
            assertThat(Arrays.equals(entry.leafHash(), leaf)).isTrue();
        }
    }

    @Test
    void detailsThatAreNotAnObjectAreTheirJsonText() {
        for (Object details : Arrays.asList(null, "text \"quoted\"", 12.5, true, List.of())) {
            byte[] canonical = CanonicalEntry.bytes(1, "2026-12-07T13:00:00Z", "t", "system:x", "a.b", "s", details);

            assertThat(AuditEntry.read(1, canonical, null, null, null).details())
                    .isEqualTo(new String(Jcs.canonicalize(details), StandardCharsets.UTF_8));
        }
    }

    @Test
    void bytesThatAreNotAnEntryAreRefused() {
        assertThatThrownBy(() -> AuditEntry.read(1, "[1]".getBytes(StandardCharsets.UTF_8), null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entry 1");
        assertThatThrownBy(() -> AuditEntry.read(2, "{\"actor\":\"x\"}".getBytes(StandardCharsets.UTF_8), null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lacks");
    }
}

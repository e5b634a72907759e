package io.cku.shared.audit;

import static io.cku.shared.audit.NoteFixtures.NEW_YEAR;
import static io.cku.shared.audit.NoteFixtures.ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class CheckpointTest {

    @Test
    void bodyIsOriginSizeBase64HashAndTimeExtensionEachOnItsOwnLine() {
        Checkpoint checkpoint = new Checkpoint("cku.example/audit", 10, new byte[32], Instant.parse("2026-01-01T00:00:00Z"));

        assertThat(checkpoint.body()).isEqualTo("""
                cku.example/audit
                10
                AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=
                time 2026-01-01T00:00:00Z
                """);
    }

    @Test
    void timeLineKeepsFractionsOfASecond() {
        Checkpoint checkpoint = new Checkpoint(ORIGIN, 0, new byte[32], Instant.parse("2026-11-24T17:00:00.123456Z"));

        assertThat(checkpoint.body()).endsWith("\n0\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\ntime 2026-11-24T17:00:00.123456Z\n");
    }

    @Test
    void parsesItsOwnBodyBackToAnEqualCheckpoint() {
        byte[] hash = new byte[32];
        hash[0] = (byte) 0xff;
        Checkpoint checkpoint = new Checkpoint(ORIGIN, Long.MAX_VALUE, hash, Instant.parse("2026-11-24T17:00:00.5Z"));

        assertThat(Checkpoint.parse(checkpoint.body())).isEqualTo(checkpoint).hasSameHashCodeAs(checkpoint);
    }

    @Test
    void keepsItsOwnCopyOfTheHeadHash() {
        byte[] hash = new byte[32];
        Checkpoint checkpoint = new Checkpoint(ORIGIN, 1, hash, NEW_YEAR);

        hash[0] = 1;
        checkpoint.headHash()[1] = 1;

        assertThat(checkpoint.headHash()).isEqualTo(new byte[32]);
    }

    @Test
    void refusesWhatACheckpointNoteCannotCarry() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Checkpoint("", 1, new byte[32], NEW_YEAR))
                .withMessageContaining("origin");
        assertThatIllegalArgumentException().isThrownBy(() -> new Checkpoint("a\nb", 1, new byte[32], NEW_YEAR))
                .withMessageContaining("origin");
        assertThatIllegalArgumentException().isThrownBy(() -> new Checkpoint(ORIGIN, -1, new byte[32], NEW_YEAR))
                .withMessageContaining("size must not be negative");
        assertThatIllegalArgumentException().isThrownBy(() -> new Checkpoint(ORIGIN, 1, new byte[31], NEW_YEAR))
                .withMessageContaining("32 bytes");
        assertThatNullPointerException().isThrownBy(() -> new Checkpoint(ORIGIN, 1, new byte[32], null))
                .withMessageContaining("time");
    }
}

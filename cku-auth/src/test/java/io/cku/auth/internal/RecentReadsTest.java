package io.cku.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

class RecentReadsTest {

    private final AtomicLong clock = new AtomicLong();
    private final List<String> queried = new ArrayList<>();
    private final Function<String, String> database = key -> {
        queried.add(key);
        return key + "@" + clock.get();
    };

    @Test
    void aReadIsKeptForTheMemoryAndReadAgainAfter() {
        RecentReads<String, String> reads = new RecentReads<>(Duration.ofMillis(500), 100, clock::get);

        assertThat(reads.get("alice", database)).isEqualTo("alice@0");
        clock.set(Duration.ofMillis(499).toNanos());
        assertThat(reads.get("alice", database)).isEqualTo("alice@0");
        clock.set(Duration.ofMillis(500).toNanos());
        assertThat(reads.get("alice", database)).isEqualTo("alice@500000000");

        assertThat(queried).containsExactly("alice", "alice");
    }

    @Test
    void aForgottenKeyIsReadAgainAtOnce() {
        RecentReads<String, String> reads = new RecentReads<>(Duration.ofSeconds(10), 100, clock::get);
        reads.get("alice", database);
        reads.get("bob", database);

        reads.forget("alice");
        clock.incrementAndGet();

        assertThat(reads.get("alice", database)).isEqualTo("alice@1");
        assertThat(reads.get("bob", database)).isEqualTo("bob@0");
        assertThat(queried).containsExactly("alice", "bob", "alice");
    }

    @Test
    void aReadThatOverlapsAForgetIsNotKept() {
        RecentReads<String, String> reads = new RecentReads<>(Duration.ofSeconds(10), 100, clock::get);
        // the row is read as it was, then changed (and forgotten) before the read returns
        String stale = reads.get("alice", key -> {
            reads.forget("alice");
            return "alice-before-the-change";
        });

        assertThat(stale).isEqualTo("alice-before-the-change");
        assertThat(reads.get("alice", database)).isEqualTo("alice@0");
        assertThat(queried).containsExactly("alice");
    }

    @Test
    void aZeroMemoryReadsEveryTime() {
        RecentReads<String, String> reads = new RecentReads<>(Duration.ZERO, 100, clock::get);
        reads.get("alice", database);
        reads.get("alice", database);

        assertThat(queried).containsExactly("alice", "alice");
        assertThat(reads.size()).isZero();
    }

    @Test
    void aFullMemoryStartsOver() {
        RecentReads<String, String> reads = new RecentReads<>(Duration.ofSeconds(10), 3, clock::get);
        for (String key : List.of("a", "b", "c")) {
            reads.get(key, database);
        }
        assertThat(reads.size()).isEqualTo(3);

        reads.get("d", database);

        assertThat(reads.size()).isEqualTo(1);
        reads.get("a", database);
        assertThat(queried).containsExactly("a", "b", "c", "d", "a");
    }
}

package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class ConcurrentRunsTest extends ServiceTest {

    /**
     * Each step appends one line to its run's own file (file.write with append, which is not idempotent), so a step
     * executed twice would leave a second line behind.
     */
    @Test
    void executesEveryStepOfTwoHundredConcurrentRunsExactlyOnce() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<String>> submissions = IntStream.range(0, 200)
                .mapToObj(i -> clients.submit(() -> api().submit(appendingRun(i))))
                .toList();
        List<String> ids = submissions.stream().map(ConcurrentRunsTest::join).toList();
        clients.shutdown();

        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> jdbc.sql("SELECT count(*) FROM runs WHERE id IN (" + quoted(ids) + ") AND status = 'SUCCEEDED'")
                        .query(Long.class).single() == 200);

        for (int i = 0; i < 200; i++) {
            Path log = DATA_DIR.resolve("workspace/concurrent/run-" + i + ".log");
            assertThat(Files.readAllLines(log)).containsExactly("s1", "s2", "s3");
        }
        long extraAttempts = jdbc.sql("SELECT count(*) FROM run_steps WHERE run_id IN (" + quoted(ids) + ") AND attempts <> 1")
                .query(Long.class).single();
        assertThat(extraAttempts).isZero();
    }

    private static String appendingRun(int i) {
        String path = "concurrent/run-" + i + ".log";
        String step = "{\"name\":\"%s\",\"skill\":\"file.write\",\"params\":{\"path\":\"" + path + "\",\"content\":\"%s\\n\",\"append\":true}}";
        return "{\"intent\":\"concurrency " + i + "\",\"plan\":{\"steps\":["
                + step.formatted("s1", "s1") + "," + step.formatted("s2", "s2") + "," + step.formatted("s3", "s3") + "]}}";
    }

    private static String quoted(List<String> ids) {
        return String.join(",", ids.stream().map(id -> "'" + id + "'").toList());
    }

    private static String join(Future<String> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

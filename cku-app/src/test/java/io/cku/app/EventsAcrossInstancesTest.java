package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.cku.app.EventStreamClient.Frame;

/**
 * Two instances on one PostgreSQL and no Redis: a stream opened on the second shows what the first stores, within a
 * second, because every instance reads the stored stream (every {@code cku.events.poll-interval}, 200 ms by default).
 */
class EventsAcrossInstancesTest extends ServiceTest {

    private static ConfigurableApplicationContext second;

    @BeforeAll
    static void noSecondYet() {
        second = null;
    }

    @AfterAll
    static void stopSecond() {
        if (second != null) {
            second.close();
        }
    }

    @Test
    void aStreamOnTheSecondInstanceShowsARunSubmittedOnTheFirstWithinOneSecond() throws Exception {
        second = anotherInstance();
        Api first = api();
        Api onSecond = anonymous(second).withToken(first.token());
        try (EventStreamClient stream = EventStreamClient.open(onSecond, "/events?types=run.submitted")) {
            assertThat(stream.status()).isEqualTo(200);
            for (int i = 0; i < 5; i++) {
                long sent = System.nanoTime();
                String id = first.submit(Api.noopRun(1));
                Frame submitted = stream.await(frame -> frame.json().get("runId").asString().equals(id), Duration.ofSeconds(5));
                long tookMillis = (System.nanoTime() - sent) / 1_000_000;
                System.out.printf("run.submitted on the first instance reached a stream on the second in %d ms%n", tookMillis);
                assertThat(tookMillis).as("from the first instance's 202 to the second instance's stream").isLessThan(1_000);
                assertThat(submitted.type()).isEqualTo("run.submitted");
            }
        }
        // and the run's own stream on the second instance follows a run the first instance executes, to its end
        String id = first.submit(Api.noopRun(2));
        try (EventStreamClient run = EventStreamClient.open(onSecond, "/runs/" + id + "/events")) {
            run.awaitEnd(Duration.ofSeconds(10));
            assertThat(run.events().get(0).type()).isEqualTo("run.submitted");
            assertThat(run.events().get(run.events().size() - 1).type()).isEqualTo("run.finished");
        }
    }
}

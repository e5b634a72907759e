package io.cku.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class RecentEventsTest {

    @Test
    void servesTheEventsBetweenTwoIdsWhileItHoldsAllOfThemAndNothingOnceTheOldestWereEvicted() {
        RecentEvents recent = new RecentEvents(5, 10);
        recent.add(events(11, 12, 14, 17));

        assertThat(ids(recent, 10, 17)).containsExactly(11L, 12L, 14L, 17L);
        assertThat(ids(recent, 12, 14)).containsExactly(14L);
        assertThat(ids(recent, 13, 17)).containsExactly(14L, 17L);
        assertThat(recent.between(9, 17)).as("before what it covers").isEmpty();

        recent.add(events(18, 19, 20));
        assertThat(recent.between(11, 20)).as("11 and 12 were evicted").isEmpty();
        assertThat(ids(recent, 12, 20)).containsExactly(14L, 17L, 18L, 19L, 20L);
        assertThat(ids(recent, 20, 20)).isEmpty();
    }

    @Test
    void aSkipForgetsEverythingBeforeTheNewPosition() {
        RecentEvents recent = new RecentEvents(100, 0);
        recent.add(events(LongStream.rangeClosed(1, 50).toArray()));
        recent.skippedTo(80);

        assertThat(recent.between(50, 80)).isEmpty();
        recent.add(events(81, 82));
        assertThat(ids(recent, 80, 90)).containsExactly(81L, 82L);
    }

    private static List<Long> ids(RecentEvents recent, long after, long through) {
        return recent.between(after, through).orElseThrow().stream().map(Event::id).toList();
    }

    private static List<Event> events(long... ids) {
        return LongStream.of(ids).mapToObj(id -> new Event(id, "step.started", "t", "r", Instant.now(), "{}")).toList();
    }
}

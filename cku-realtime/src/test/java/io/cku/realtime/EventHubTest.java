package io.cku.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The hub's ordering and flow control, over a store kept in a list (the service's store is the audit chain; its tests run
 * over HTTP against PostgreSQL). Each stored entry is an event of tenant {@code t}, except every fifth, of tenant {@code other}.
 */
class EventHubTest {

    private final ListStore store = new ListStore();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private EventHub hub;

    @AfterEach
    void close() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void replayAndLiveMeetWithoutGapOrDuplicateWhileEntriesKeepArriving() throws Exception {
        store.append(500);
        start(10_000, 100, 10_000);
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 200; i++) {
                store.append(5);
                hub.storeGrew();
                pause(1);
            }
        });
        writer.start();
        List<Recorder> subscribers = new ArrayList<>();
        for (long after : new long[] {0, 123, 480}) {
            pause(20);
            Recorder recorder = new Recorder(0);
            hub.subscribe(EventFilter.tenant("t"), "p" + after, after, recorder);
            subscribers.add(recorder);
            recorder.after = after;
        }
        writer.join();
        hub.storeGrew();
        long last = store.size();
        for (Recorder recorder : subscribers) {
            List<Long> expected = LongStream.rangeClosed(recorder.after + 1, last).filter(id -> id % 5 != 0).boxed().toList();
            await().atMost(Duration.ofSeconds(10)).until(() -> recorder.ids().size() >= expected.size() || recorder.closed);
            assertThat(recorder.ids()).as("after %d", recorder.after).containsExactlyElementsOf(expected);
            assertThat(recorder.closed).isFalse();
        }
    }

    @Test
    void aStalledSubscriberIsEndedWithTheLastDeliveredIdAndDoesNotHoldBackOthers() throws Exception {
        start(10_000, 100, 30);
        CountDownLatch release = new CountDownLatch(1);
        Runnable[] resume = new Runnable[1];
        Recorder stalled = new Recorder(0) { // a client that reads nothing until released: the sink takes nothing more
            @Override
            public boolean writable() {
                return release.getCount() == 0;
            }

            @Override
            public void whenWritable(Runnable then) {
                resume[0] = then;
            }
        };
        Recorder quick = new Recorder(0);
        hub.subscribe(EventFilter.tenant("t"), "slow", EventHub.FROM_NOW, stalled);
        hub.subscribe(EventFilter.tenant("t"), "quick", EventHub.FROM_NOW, quick);
        for (int round = 0; round < 10; round++) { // the quick one keeps up; the stalled one's 30 places fill
            store.append(10);
            hub.storeGrew();
            pause(30);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> quick.ids().size() == 80);
        assertThat(quick.closed).isFalse();
        release.countDown();
        resume[0].run();
        await().atMost(Duration.ofSeconds(5)).until(() -> stalled.closed);
        assertThat(stalled.overflowAt).isPositive();
        assertThat(stalled.ids()).isNotEmpty().hasSizeLessThan(80);
        assertThat(stalled.ids().get(stalled.ids().size() - 1)).isEqualTo(stalled.overflowAt);
        assertThat(meters.counter("cku.event.stream.dropped", "reason", "overflow").count()).isEqualTo(1);

        Recorder resumed = new Recorder(0);
        hub.subscribe(EventFilter.tenant("t"), "slow", stalled.overflowAt, resumed);
        await().atMost(Duration.ofSeconds(5)).until(() -> resumed.ids().size() + stalled.ids().size() == 80);
        assertThat(resumed.ids().get(0)).isGreaterThan(stalled.overflowAt);
    }

    @Test
    void limitsRefuseMoreStreamsPerPrincipalAndPerInstance() {
        start(3, 2, 100);
        hub.subscribe(EventFilter.tenant("t"), "a", EventHub.FROM_NOW, new Recorder(0));
        Subscription second = hub.subscribe(EventFilter.tenant("t"), "a", EventHub.FROM_NOW, new Recorder(0));
        assertThatThrownBy(() -> hub.subscribe(EventFilter.tenant("t"), "a", EventHub.FROM_NOW, new Recorder(0)))
                .isInstanceOf(TooManySubscribers.class).hasMessageContaining("for you");
        hub.subscribe(EventFilter.tenant("t"), "b", EventHub.FROM_NOW, new Recorder(0));
        assertThatThrownBy(() -> hub.subscribe(EventFilter.tenant("t"), "c", EventHub.FROM_NOW, new Recorder(0)))
                .isInstanceOf(TooManySubscribers.class).hasMessageContaining("on this instance");
        second.close();
        hub.subscribe(EventFilter.tenant("t"), "c", EventHub.FROM_NOW, new Recorder(0));
        assertThat(meters.counter("cku.event.stream.dropped", "reason", "limit").count()).isEqualTo(2);
        assertThat(meters.get("cku.event.subscribers").gauge().value()).isEqualTo(3);
    }

    @Test
    void anIdOlderThanTheRetentionOrBeyondTheStreamGetsOneResetAndTheEnd() {
        store.append(300);
        start(10, 10, 100);
        Recorder old = new Recorder(0);
        hub.subscribe(EventFilter.tenant("t"), "p", 10, old);
        Recorder future = new Recorder(0);
        hub.subscribe(EventFilter.tenant("t"), "q", 5_000, future);
        await().atMost(Duration.ofSeconds(5)).until(() -> old.closed && future.closed);
        assertThat(old.reset).contains("older than the 100 events");
        assertThat(future.reset).contains("not in this stream");
        assertThat(old.ids()).isEmpty();
    }

    @Test
    void aRunStreamEndsAfterTheRunsFinishedEvent() {
        store.append(20);
        store.finish(21, "run-x");
        store.append(5);
        start(10, 10, 100);
        Recorder run = new Recorder(0);
        hub.subscribe(EventFilter.run("t", "run-x"), "p", 0, run);
        await().atMost(Duration.ofSeconds(5)).until(() -> run.closed);
        assertThat(run.ids()).containsExactly(21L);
    }

    @Test
    void batchesFromAnotherInstanceAreDeliveredWithoutReadingTheStoreWhenTheyContinueFromHere() {
        Fanout.Batch[] sent = new Fanout.Batch[1];
        java.util.function.Consumer<Fanout.Batch>[] receiver = new java.util.function.Consumer[1];
        Fanout fake = new Fanout() {
            public void start(java.util.function.Consumer<Batch> r) {
                receiver[0] = r;
            }

            public void publish(Batch batch) {
                sent[0] = batch;
            }

            public boolean connected() {
                return true;
            }

            public void close() {
            }
        };
        hub = new EventHub(store, fake, settings(10, 10, 100, Duration.ofHours(1)), Executors.newCachedThreadPool(), meters);
        hub.start();
        Recorder recorder = new Recorder(0);
        hub.subscribe(EventFilter.tenant("t"), "p", EventHub.FROM_NOW, recorder);
        Event remote = new Event(1, "run.submitted", "t", "r", Instant.now(), "{}");
        receiver[0].accept(new Fanout.Batch(0, 1, List.of(remote)));
        await().atMost(Duration.ofSeconds(2)).until(() -> recorder.ids().equals(List.of(1L)));
        assertThat(store.reads).isZero(); // the poll interval is an hour: only the batch can have delivered it

        store.append(3);
        hub.storeGrew();
        await().atMost(Duration.ofSeconds(2)).until(() -> sent[0] != null);
        assertThat(sent[0].after()).isEqualTo(1);
        assertThat(sent[0].through()).isEqualTo(3);
        assertThat(RedisFanout.decode(RedisFanout.encode(sent[0]))).isEqualTo(sent[0]);
    }

    @Test
    void eventsStoredHereAreDispatchedAsHandedOverAndTheStoreIsReadOnlyForWhatAnotherInstanceStoredBetween() {
        hub = new EventHub(store, Fanout.NONE, settings(10, 10, 100, Duration.ofHours(1)), Executors.newCachedThreadPool(), meters);
        hub.start(); // no poll: only a gap can make it read
        Recorder recorder = new Recorder(0);
        hub.subscribe(EventFilter.tenant("t"), "p", EventHub.FROM_NOW, recorder);

        store.append(10);
        hub.stored(0, 10, () -> store.after(0, 100).events().stream().filter(e -> e.id() <= 10).toList());
        await().atMost(Duration.ofSeconds(2)).until(() -> recorder.ids().size() == 8);
        int reads = store.reads; // the supplier's own read above: the hub read nothing

        store.append(5); // 11..15: another instance's, never handed over here
        store.append(5);
        hub.stored(15, 20, () -> List.of(new Event(999, "never.made", "t", null, Instant.now(), "{}")));
        List<Long> expected = LongStream.rangeClosed(1, 20).filter(id -> id % 5 != 0).boxed().toList();
        await().atMost(Duration.ofSeconds(2)).until(() -> recorder.ids().size() >= expected.size());
        assertThat(recorder.ids()).containsExactlyElementsOf(expected); // read from the store: it did not continue from 10
        assertThat(store.reads).isGreaterThan(reads);
    }

    @Test
    void withNobodyListeningEventsStoredHereAreNotEvenMade() {
        start(10, 10, 100);
        store.append(30);
        boolean[] made = new boolean[1];
        hub.stored(0, 30, () -> {
            made[0] = true;
            return List.of();
        });
        await().atMost(Duration.ofSeconds(2)).until(() -> hub.position() == 30);
        assertThat(made[0]).isFalse();
        assertThat(store.reads).isZero();
    }

    @Test
    void withNobodyListeningAndNoFanoutTheHubFollowsTheHeadWithoutReadingEventsAndALateSubscriberStillGetsThemAll() {
        start(10, 10, 100);
        store.append(50);
        hub.storeGrew();
        await().atMost(Duration.ofSeconds(2)).until(() -> hub.position() == 50);
        pause(120); // a few poll intervals: they read nothing either
        assertThat(store.reads).isZero();

        Recorder late = new Recorder(0);
        hub.subscribe(EventFilter.tenant("t"), "p", 40, late);
        store.append(10);
        hub.storeGrew();
        List<Long> expected = LongStream.rangeClosed(41, 60).filter(id -> id % 5 != 0).boxed().toList();
        await().atMost(Duration.ofSeconds(5)).until(() -> late.ids().size() >= expected.size());
        assertThat(late.ids()).containsExactlyElementsOf(expected);
    }

    @Test
    void aSubscriberResumingFromARecentIdIsServedFromMemoryWithoutReadingTheStore() {
        hub = new EventHub(store, Fanout.NONE, settings(10, 10, 100, Duration.ofHours(1)), Executors.newCachedThreadPool(), meters);
        hub.start(); // no poll: only the growth below reads the store
        Recorder first = new Recorder(0);
        hub.subscribe(EventFilter.tenant("t"), "p", EventHub.FROM_NOW, first);
        store.append(40);
        hub.storeGrew();
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.position() == 40);
        int reads = store.reads;

        Recorder resumed = new Recorder(0);
        hub.subscribe(EventFilter.tenant("t"), "p", 20, resumed);
        List<Long> expected = LongStream.rangeClosed(21, 40).filter(id -> id % 5 != 0).boxed().toList();
        await().atMost(Duration.ofSeconds(5)).until(() -> resumed.ids().size() >= expected.size());
        assertThat(resumed.ids()).containsExactlyElementsOf(expected);
        assertThat(store.reads).isEqualTo(reads);
    }

    @Test
    void aClientThatReadsEverythingItWasSentIsNotCutOffByABurstLargerThanItsBuffer() {
        start(10, 10, 30);
        Recorder quick = new Recorder(0);
        hub.subscribe(EventFilter.tenant("t"), "quick", EventHub.FROM_NOW, quick);
        store.append(100); // one read of 100 entries, 80 of them for this subscriber: more than its 30 places at once
        hub.storeGrew();

        await().atMost(Duration.ofSeconds(5)).until(() -> quick.ids().size() == 80 || quick.closed);
        assertThat(quick.closed).isFalse();
        assertThat(quick.overflowAt).isZero();
    }

    private void start(int maxSubscribers, int perPrincipal, int buffer) {
        hub = new EventHub(store, Fanout.NONE, settings(maxSubscribers, perPrincipal, buffer, Duration.ofMillis(50)),
                Executors.newCachedThreadPool(), meters);
        hub.start();
    }

    private static EventHub.Settings settings(int maxSubscribers, int perPrincipal, int buffer, Duration poll) {
        return new EventHub.Settings(poll, Duration.ofHours(1), Duration.ofSeconds(3), buffer, maxSubscribers, perPrincipal,
                buffer > 1000 ? 100_000 : 100);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Entries 1..n; every fifth belongs to another tenant. */
    static final class ListStore implements EventStore {

        private final List<Event> events = new CopyOnWriteArrayList<>();
        volatile int reads;

        synchronized void append(int count) {
            for (int i = 0; i < count; i++) {
                long id = events.size() + 1;
                events.add(new Event(id, "step.started", id % 5 == 0 ? "other" : "t", "run-" + (id % 7), Instant.now(), "{\"n\":" + id + "}"));
            }
        }

        synchronized void finish(long id, String runId) {
            events.add(new Event(id, "run.finished", "t", runId, Instant.now(), "{}"));
        }

        long size() {
            return events.size();
        }

        @Override
        public long head() {
            return events.size();
        }

        @Override
        public Page after(long after, int limit) {
            reads++;
            List<Event> page = events.stream().filter(e -> e.id() > after).limit(limit).toList();
            return new Page(page, page.isEmpty() ? after : page.get(page.size() - 1).id());
        }

        @Override
        public List<Event> ofRun(String runId, long after, int limit) {
            return events.stream().filter(e -> runId.equals(e.runId()) && e.id() > after).limit(limit).toList();
        }
    }

    static class Recorder implements EventSink {

        private final List<Long> ids = new CopyOnWriteArrayList<>();
        volatile long after;
        volatile boolean closed;
        volatile long overflowAt;
        volatile String reset;

        Recorder(long after) {
            this.after = after;
        }

        List<Long> ids() {
            return List.copyOf(ids);
        }

        @Override
        public void open(long retryMillis) {
        }

        @Override
        public void send(List<Event> events) throws IOException {
            events.forEach(event -> ids.add(event.id()));
        }

        @Override
        public void heartbeat() {
        }

        @Override
        public void overflow(long lastDeliveredId) {
            overflowAt = lastDeliveredId;
        }

        @Override
        public void reset(String reason, long head) {
            reset = reason;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}

package io.cku.realtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cku.shared.IdlePacing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Follows the stored stream and hands each event, in id order, to the subscriptions it matches. One thread dispatches:
 * woken when this instance stored events ({@link #stored}, handed over as they were stored, so they need not be read back),
 * when another instance's batch arrives through the {@link Fanout}, and every {@code pollInterval} for what other instances
 * stored (so without Redis they are seen within that interval). A batch that does not continue from where the hub stands
 * (another instance stored in between) makes it read the store instead. What this instance stored it publishes to the
 * other instances. While no stream is open here and there is no fan-out, it only follows the store's head, and less and
 * less often (up to {@value #IDLE_ROUNDS} poll intervals): events cost nothing until somebody listens, and an idle instance
 * leaves its database idle. A subscriber brings the head up to date itself and the poll interval back.
 */
public final class EventHub implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventHub.class);
    private static final int READ_LIMIT = 2000;
    private static final int IDLE_ROUNDS = 25;

    /** Events kept in memory for resuming subscribers (about 1 KB each). */
    private static final int RECENT = 20_000;

    /** Store reads for replays at once: the rest wait, so resuming subscribers cannot take the connections runs need. */
    private static final int STORE_REPLAYS = 4;

    /** Subscribes to live events only: those after the hub's position. */
    public static final long FROM_NOW = -1;

    /** How the hub behaves; see {@code cku.events} in the service's configuration. */
    public record Settings(Duration pollInterval, Duration heartbeat, Duration retry, int bufferSize, int maxSubscribers,
            int maxSubscribersPerPrincipal, long replayLimit) {

        public Settings {
            if (pollInterval.isNegative() || pollInterval.isZero() || heartbeat.isNegative() || heartbeat.isZero()) {
                throw new IllegalArgumentException("cku.events.poll-interval and heartbeat must be positive");
            }
            if (bufferSize < 1 || maxSubscribers < 0 || maxSubscribersPerPrincipal < 0 || replayLimit < 0) {
                throw new IllegalArgumentException("cku.events buffer-size must be positive, the limits not negative");
            }
        }
    }

    private final EventStore store;
    private final Fanout fanout;
    private final Settings settings;
    private final Executor senders;
    private final MeterRegistry meters;
    private final Timer lag;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> perPrincipal = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Fanout.Batch> arrived = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Stored> storedHere = new ConcurrentLinkedQueue<>();
    private final Object lock = new Object();
    private final Object bell = new Object();
    private final Semaphore storeReplays = new Semaphore(STORE_REPLAYS);
    private final IdlePacing pacing;
    private volatile RecentEvents recent = new RecentEvents(1, 0);
    private boolean rung;
    private boolean grewHere;
    private volatile long position;
    private volatile boolean running;
    private Thread reader;
    private ScheduledExecutorService heartbeats;

    public EventHub(EventStore store, Fanout fanout, Settings settings, Executor senders, MeterRegistry meters) {
        this.store = Objects.requireNonNull(store, "store");
        this.fanout = Objects.requireNonNull(fanout, "fanout");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.pacing = new IdlePacing(settings.pollInterval(), settings.pollInterval().multipliedBy(IDLE_ROUNDS));
        this.senders = Objects.requireNonNull(senders, "senders");
        this.meters = Objects.requireNonNull(meters, "meters");
        Gauge.builder("cku.event.subscribers", subscriptions, List::size).description("Open event streams on this instance")
                .register(meters);
        for (String reason : List.of("overflow", "limit")) {
            dropCounter(reason);
        }
        this.lag = Timer.builder("cku.events.dispatch.lag")
                .description("From an event's creation (its audit entry) to its dispatch by this instance's hub").publishPercentiles(0.5, 0.99).register(meters);
    }

    /** Starts following the store from its current head: what came before is replayed from the store, not dispatched. */
    public void start() {
        position = store.head();
        recent = new RecentEvents(RECENT, position);
        running = true;
        fanout.start(batch -> {
            arrived.add(batch);
            ring(false);
        });
        reader = new Thread(this::follow, "cku-events");
        reader.setDaemon(true);
        reader.start();
        heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cku-events-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long every = settings.heartbeat().toMillis();
        heartbeats.scheduleAtFixedRate(() -> subscriptions.forEach(Subscription::heartbeat), every, every, TimeUnit.MILLISECONDS);
    }

    /** Ends every stream and stops reading. */
    @Override
    public void close() {
        running = false;
        ring(false);
        if (heartbeats != null) {
            heartbeats.shutdownNow();
        }
        subscriptions.forEach(Subscription::close);
        if (reader != null) {
            try {
                reader.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        fanout.close();
        if (senders instanceof ExecutorService pool) {
            pool.shutdownNow();
        }
    }

    /** The store grew here and what it holds now is to be read (the events were not handed over). */
    public void storeGrew() {
        ring(true);
    }

    /**
     * This instance stored the entries {@code (after, through]}, committed; {@code events} makes the events among them, in id
     * order, and is called on the hub's thread only when somebody listens (here or on another instance).
     */
    public void stored(long after, long through, Supplier<List<Event>> events) {
        storedHere.add(new Stored(after, through, events));
        ring(false);
    }

    private record Stored(long after, long through, Supplier<List<Event>> events) {
    }

    /** The id of the last stored entry dispatched. */
    public long position() {
        return position;
    }

    public int subscribers() {
        return subscriptions.size();
    }

    /**
     * Subscribes to the events matching {@code filter} after {@code after}: the stored ones first, then live ones. Refused
     * beyond the instance's and the principal's limits.
     *
     * @param after the id of the last event the subscriber has (0 for everything stored, {@link #FROM_NOW} for live ones)
     * @throws TooManySubscribers beyond a limit
     */
    public Subscription subscribe(EventFilter filter, String principal, long after, EventSink sink) {
        Subscription subscription;
        synchronized (lock) {
            if (subscriptions.size() >= settings.maxSubscribers()) {
                dropped("limit");
                throw new TooManySubscribers("instance", settings.maxSubscribers());
            }
            if (perPrincipal.getOrDefault(principal, 0) >= settings.maxSubscribersPerPrincipal()) {
                dropped("limit");
                throw new TooManySubscribers("principal", settings.maxSubscribersPerPrincipal());
            }
            if (subscriptions.isEmpty() && fanout == Fanout.NONE) {
                catchUpWithTheHead(); // the hub may have rested: its position can be a few idle rounds old
            }
            long live = position;
            after = after == FROM_NOW ? live : after;
            String reset = null;
            if (after > live && after > store.head()) {
                reset = "event " + after + " is not in this stream (its newest is " + live + ")";
            } else if (filter.runId() == null && live - after > settings.replayLimit()) {
                reset = "event " + after + " is older than the " + settings.replayLimit() + " events kept for resuming";
            }
            subscription = new Subscription(this, filter, principal, sink, senders, settings.bufferSize(), after, live,
                    reset);
            subscriptions.add(subscription);
            perPrincipal.merge(principal, 1, Integer::sum);
        }
        if (pacing.resting()) {
            pacing.foundWork();
            ring(false); // the follower waits out an idle round otherwise
        }
        subscription.signal();
        return subscription;
    }

    /** A run's stored events, the first 10,000. */
    public List<Event> storedEventsOf(String runId) {
        return store.ofRun(runId, 0, 10_000);
    }

    /** The events in {@code (after, through]} from memory, when it holds them all. */
    Optional<List<Event>> recent(long after, long through) {
        return recent.between(after, through);
    }

    /** A replay's read of the store, a few at a time. */
    <T> T readForReplay(Function<EventStore, T> read) {
        storeReplays.acquireUninterruptibly();
        try {
            return read.apply(store);
        } finally {
            storeReplays.release();
        }
    }

    long retryMillis() {
        return settings.retry().toMillis();
    }

    void removed(Subscription subscription) {
        synchronized (lock) {
            if (subscriptions.remove(subscription)) {
                perPrincipal.computeIfPresent(subscription.principal(), (who, open) -> open <= 1 ? null : open - 1);
            }
        }
    }

    void dropped(String reason) {
        dropCounter(reason).increment();
    }

    private Counter dropCounter(String reason) {
        return Counter.builder("cku.event.stream.dropped").tag("reason", reason)
                .description("Event streams the service ended or refused: overflow (a slow client), limit (too many streams)")
                .register(meters);
    }

    private void ring(boolean local) {
        synchronized (bell) {
            rung = true;
            grewHere |= local;
            bell.notifyAll();
        }
    }

    /**
     * Why the reader woke: this instance's store grew (to be read), batches were handed over (stored here, or read by another
     * instance), or the poll interval passed.
     */
    private enum Wake {
        LOCAL, HANDED, POLL
    }

    private void follow() {
        int failures = 0;
        while (running) {
            Wake wake = awaitBell();
            if (!running) {
                return;
            }
            try {
                boolean storedCaughtUp = takeStoredHere();
                boolean arrivedCaughtUp = takeArrived();
                if (wake != Wake.HANDED || !storedCaughtUp || !arrivedCaughtUp) {
                    readStore(wake == Wake.LOCAL || !storedCaughtUp);
                }
                if (subscriptions.isEmpty() && fanout == Fanout.NONE) {
                    pacing.foundNothing();
                } else {
                    pacing.foundWork();
                }
                failures = 0;
            } catch (RuntimeException e) {
                failures++;
                if (failures == 1 || Integer.bitCount(failures) == 1) {
                    log.warn("could not read the event stream from the store ({} failures in a row); retrying", failures, e);
                }
                sleep(Math.min(5_000, settings.pollInterval().toMillis() << Math.min(failures, 5)));
            }
        }
    }

    /**
     * Batches other instances read: dispatched as they are when they continue from here. Whether they all did (or were old);
     * otherwise the store has to be read for what came between.
     */
    private boolean takeArrived() {
        boolean caughtUp = true;
        Fanout.Batch batch;
        while ((batch = arrived.poll()) != null) {
            if (batch.after() == position) {
                dispatch(batch.events(), batch.through());
            } else if (batch.through() > position) {
                caughtUp = false;
            }
        }
        return caughtUp;
    }

    /**
     * What this instance stored, dispatched as it was handed over when it continues from here, and told to the other
     * instances. Whether it all did (or was old); otherwise the store has to be read for what came between.
     */
    private boolean takeStoredHere() {
        boolean caughtUp = true;
        Stored stored;
        while ((stored = storedHere.poll()) != null) {
            if (stored.after() == position) {
                if (fanout == Fanout.NONE && skipTo(stored.through())) {
                    continue; // nobody listens: not even made
                }
                List<Event> events = stored.events().get();
                dispatch(events, stored.through());
                fanout.publish(new Fanout.Batch(stored.after(), stored.through(), events));
            } else if (stored.through() > position) {
                caughtUp = false;
            }
        }
        return caughtUp;
    }

    private void readStore(boolean local) {
        if (fanout == Fanout.NONE && subscriptions.isEmpty() && skipTo(store.head())) {
            return;
        }
        while (running) {
            long from = position;
            EventStore.Page page = store.after(from, READ_LIMIT);
            if (page.through() <= from) {
                return;
            }
            dispatch(page.events(), page.through());
            if (local) {
                fanout.publish(new Fanout.Batch(from, page.through(), page.events()));
            }
            if (page.through() - from < READ_LIMIT) {
                return;
            }
        }
    }

    /**
     * With nobody listening here and no other instance to tell, the events are not read at all: the position moves to
     * {@code head}, stored. Under the lock, so a subscriber that comes meanwhile either is seen (and the events are read) or
     * replays up to the new position. False when a subscriber came first.
     */
    private boolean skipTo(long head) {
        synchronized (lock) {
            if (!subscriptions.isEmpty()) {
                return false;
            }
            moveTo(head);
            return true;
        }
    }

    /** Under the lock, with nobody subscribed: the position moves to the store's head, unread. */
    private void catchUpWithTheHead() {
        moveTo(store.head());
    }

    private void moveTo(long head) {
        if (head > position) {
            position = head;
            recent.skippedTo(head);
        }
    }

    private void dispatch(List<Event> events, long through) {
        synchronized (lock) {
            List<Event> fresh = new ArrayList<>(events.size());
            for (Event event : events) {
                if (event.id() <= position) {
                    continue;
                }
                fresh.add(event);
                for (Subscription subscription : subscriptions) {
                    if (subscription.filter().matches(event)) {
                        subscription.offer(event);
                    }
                }
            }
            subscriptions.forEach(Subscription::signalOffered); // one drain per subscriber for the whole batch, not one per event
            recent.add(fresh);
            if (!fresh.isEmpty() && !subscriptions.isEmpty()) {
                long now = System.currentTimeMillis();
                fresh.forEach(event -> lag.record(Math.max(0, now - event.at().toEpochMilli()), TimeUnit.MILLISECONDS));
            }
            position = Math.max(position, through);
        }
    }

    /** Waits for the bell or the poll interval. */
    private Wake awaitBell() {
        synchronized (bell) {
            long deadline = System.nanoTime() + pacing.next().toNanos();
            try {
                while (!rung && running) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    bell.wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
            Wake wake = grewHere ? Wake.LOCAL : rung ? Wake.HANDED : Wake.POLL;
            rung = false;
            grewHere = false;
            return wake;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sender threads: a virtual thread per drain when the JVM has them (Java 21+), else a bounded pool of platform threads. */
    public static Executor senderThreads(int platformThreads) {
        try {
            return (Executor) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(platformThreads, platformThreads,
                    30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
                        Thread thread = new Thread(runnable, "cku-events-sender");
                        thread.setDaemon(true);
                        return thread;
                    });
            pool.allowCoreThreadTimeOut(true);
            return pool;
        }
    }

    /** For tests: the subscriptions open now. */
    List<Subscription> subscriptions() {
        return new ArrayList<>(subscriptions);
    }
}

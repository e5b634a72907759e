package io.cku.realtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * Fan-out through Redis pub/sub: each batch is one message on {@code channel}, a header line {@code after\tthrough} and a
 * line per event ({@code id, type, tenant, runId or -, at, data}, tab-separated; the data is JSON, which has no raw tab or
 * line break). While Redis is away the hub goes on reading the store; Lettuce reconnects and subscribes again by itself,
 * and a first connection that failed is retried every few seconds.
 */
public final class RedisFanout implements Fanout {

    private static final Logger log = LoggerFactory.getLogger(RedisFanout.class);

    private final RedisClient client;
    private final String channel;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "cku-events-redis");
        thread.setDaemon(true);
        return thread;
    });
    private volatile StatefulRedisConnection<String, String> publisher;
    private volatile StatefulRedisPubSubConnection<String, String> listener;
    private volatile boolean warned;

    public RedisFanout(String url, String channel) {
        this.client = RedisClient.create(url);
        this.client.setOptions(ClientOptions.builder().autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build()).build());
        this.channel = channel;
    }

    @Override
    public void start(Consumer<Batch> receiver) {
        retries.execute(() -> connect(receiver));
    }

    private void connect(Consumer<Batch> receiver) {
        try {
            StatefulRedisPubSubConnection<String, String> subscribed = client.connectPubSub();
            subscribed.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String from, String message) {
                    try {
                        receiver.accept(decode(message));
                    } catch (RuntimeException e) {
                        log.warn("ignored an event message on {} that could not be read", channel, e);
                    }
                }
            });
            subscribed.sync().subscribe(channel);
            listener = subscribed;
            publisher = client.connect();
            if (warned) {
                log.info("event fan-out through Redis is back");
            }
        } catch (RuntimeException e) {
            if (!warned) {
                warned = true;
                log.warn("event fan-out through Redis is unavailable ({}); other instances' events arrive by reading the store, "
                        + "retrying every 5 s", e.getMessage());
            }
            retries.schedule(() -> connect(receiver), 5, TimeUnit.SECONDS);
        }
    }

    @Override
    public void publish(Batch batch) {
        StatefulRedisConnection<String, String> connection = publisher;
        if (connection == null || !connection.isOpen()) {
            return;
        }
        try {
            connection.async().publish(channel, encode(batch));
        } catch (RuntimeException e) {
            log.debug("could not publish an event batch to Redis", e);
        }
    }

    @Override
    public boolean connected() {
        StatefulRedisPubSubConnection<String, String> subscribed = listener;
        return subscribed != null && subscribed.isOpen();
    }

    @Override
    public void close() {
        retries.shutdownNow();
        try {
            if (listener != null) {
                listener.close();
            }
            if (publisher != null) {
                publisher.close();
            }
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    static String encode(Batch batch) {
        StringBuilder text = new StringBuilder(64 + batch.events().size() * 400);
        text.append(batch.after()).append('\t').append(batch.through());
        for (Event event : batch.events()) {
            text.append('\n').append(event.id()).append('\t').append(event.type()).append('\t').append(event.tenant()).append('\t')
                    .append(event.runId() == null ? "-" : event.runId()).append('\t').append(event.at()).append('\t')
                    .append(event.data().replace('\n', ' ').replace('\t', ' '));
        }
        return text.toString();
    }

    static Batch decode(String message) {
        String[] lines = message.split("\n");
        String[] header = lines[0].split("\t");
        List<Event> events = new ArrayList<>(lines.length - 1);
        for (int i = 1; i < lines.length; i++) {
            String[] field = lines[i].split("\t", 6);
            events.add(new Event(Long.parseLong(field[0]), field[1], field[2], "-".equals(field[3]) ? null : field[3],
                    Instant.parse(field[4]), field[5]));
        }
        return new Batch(Long.parseLong(header[0]), Long.parseLong(header[1]), events);
    }
}

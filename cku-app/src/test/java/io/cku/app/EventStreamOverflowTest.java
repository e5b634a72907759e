package io.cku.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * A client that stops reading, over real HTTP: its stream is ended with {@code overflow} carrying the last id it was sent, a
 * client that reads meanwhile gets everything at once, and resuming from that id loses nothing. On an instance of its own
 * with a 1000-event buffer (a reading client can fall a few hundred events behind a burst); runs are submitted until the stalled
 * stream has filled the kernel's socket buffers and then the service's.
 */
class EventStreamOverflowTest extends ServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern FRAME = Pattern.compile("(?:id:(\\d+)\\n)?event:([\\w.-]+)\\ndata:([^\\n]*)\\n\\n");
    private static final Duration BACKLOG = Duration.ofSeconds(120);
    private static final int MAX_RUNS = 3000;
    private static final int STALLED = 3;
    private static final Duration FILL = Duration.ofSeconds(90);

    @Test
    void clientsThatStopReadingAreEndedWithOverflowWithoutHoldingBackOthersAndResumeWithoutALoss() throws Exception {
        String tenant = "ov-" + UUID.randomUUID().toString().substring(0, 8);
        Api operator = userWith(tenant, "OPERATOR");
        // more stalled clients than sender threads: a sender that waited for a client would starve the reading one
        try (ConfigurableApplicationContext small = anotherInstance(Map.of("cku.events.buffer-size", "1000", "cku.events.sender-threads", "2",
                "cku.events.heartbeat", "10m"))) {
            int port = Integer.parseInt(small.getEnvironment().getProperty("local.server.port"));
            Api onSmall = anonymous(small).withToken(operator.token());
            MeterRegistry meters = small.getBean(MeterRegistry.class);
            double overflowsBefore = overflows(meters);
            List<Socket> stalled = new ArrayList<>();
            try (EventStreamClient reading = EventStreamClient.open(onSmall, "/events")) {
                for (int i = 0; i < STALLED; i++) {
                    stalled.add(stalledStream(port, operator.token()));
                }
                // the kernel's socket buffers on loopback grow to megabytes: submit until every stalled stream has overflowed
                List<String> runs = new ArrayList<>();
                long until = System.nanoTime() + FILL.toNanos();
                while (overflows(meters) < overflowsBefore + STALLED && runs.size() < MAX_RUNS && System.nanoTime() < until) {
                    for (int i = 0; i < 10; i++) {
                        runs.add(onSmall.submit(Api.noopRun(3)));
                    }
                }
                assertThat(overflows(meters)).as("the stalled streams overflowed after %d runs", runs.size())
                        .isEqualTo(overflowsBefore + STALLED);
                org.awaitility.Awaitility.await().atMost(BACKLOG).until(() -> reading.events().stream()
                        .filter(f -> f.type().equals("run.finished")).map(f -> f.json().get("runId").asString()).toList().containsAll(runs));
                assertThat(overflows(meters)).as("the reading client never overflowed").isEqualTo(overflowsBefore + STALLED);
                assertThat(reading.events()).noneMatch(f -> f.type().equals("overflow"));
                List<Long> all = reading.ids();

                for (Socket socket : stalled) {
                    resumesWithoutALoss(readUntilOverflow(socket.getInputStream()), all, onSmall, operator);
                }
            } finally {
                for (Socket socket : stalled) {
                    socket.close();
                }
            }
        }
    }

    /** A raw connection that asks for the tenant's stream and then reads nothing (a tiny receive buffer). */
    private static Socket stalledStream(int port, String token) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(2048);
        socket.setSoTimeout((int) WAIT.toMillis());
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        OutputStream request = socket.getOutputStream();
        request.write(("GET /events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        request.flush();
        return socket;
    }

    /** The stalled stream's frames end with an overflow naming the last id sent; resuming from it gives the rest of {@code all}. */
    private static void resumesWithoutALoss(String body, List<Long> all, Api onSmall, Api operator) throws Exception {
        List<Long> sent = new ArrayList<>();
        Long overflowId = null;
        Matcher frame = FRAME.matcher(body);
        while (frame.find()) {
            if (frame.group(2).equals("overflow")) {
                overflowId = Long.parseLong(frame.group(1));
                assertThat(Api.json(frame.group(3)).get("lastEventId").asLong()).isEqualTo(overflowId);
            } else {
                sent.add(Long.parseLong(frame.group(1)));
            }
        }
        assertThat(overflowId).as("the stream ended with overflow: %s", body.length() > 400 ? body.substring(body.length() - 400) : body)
                .isNotNull();
        assertThat(sent).isNotEmpty().isSorted().doesNotHaveDuplicates().hasSizeLessThan(all.size());
        assertThat(sent.get(sent.size() - 1)).isEqualTo(overflowId);
        assertThat(all).startsWith(sent.toArray(Long[]::new));

        try (EventStreamClient resumed = EventStreamClient.open(onSmall.base(), operator.token(), "/events",
                Map.of("Last-Event-ID", Long.toString(overflowId)))) {
            long last = all.get(all.size() - 1);
            resumed.await(f -> f.number() == last, WAIT);
            List<Long> together = new ArrayList<>(sent);
            together.addAll(resumed.ids().stream().filter(id -> id <= last).toList()); // the learning loop may add events after
            assertThat(together).as("what was sent before the overflow, then the resumed stream").isEqualTo(all);
        }
    }

    /** Reads the chunked response until its body holds the overflow frame (or the stream ends), decoding the chunks. */
    private static String readUntilOverflow(InputStream in) throws IOException {
        String head = line(in);
        assertThat(head).startsWith("HTTP/1.1 200");
        boolean chunked = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            chunked |= header.toLowerCase().startsWith("transfer-encoding:") && header.toLowerCase().contains("chunked");
        }
        assertThat(chunked).isTrue();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int size = Integer.parseInt(line(in).trim(), 16);
            if (size == 0) {
                break;
            }
            body.write(in.readNBytes(size));
            line(in);
            String text = body.toString(StandardCharsets.UTF_8);
            if (text.contains("event:overflow\n") && text.endsWith("\n\n")) {
                break;
            }
        }
        return body.toString(StandardCharsets.UTF_8);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private static double overflows(MeterRegistry meters) {
        var counter = meters.find("cku.event.stream.dropped").tag("reason", "overflow").counter();
        return counter == null ? 0 : counter.count();
    }
}

package io.cku.app.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.cku.realtime.Event;
import io.cku.realtime.EventSink;

/** A subscription written as Server-Sent Events: {@code id:} the event id, {@code event:} its type, {@code data:} the event. */
final class SseSink implements EventSink {

    private static final MediaType UTF8_TEXT = new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8);

    private final SseEmitter emitter;

    SseSink(SseEmitter emitter) {
        this.emitter = emitter;
    }

    @Override
    public void open(long retryMillis) throws IOException {
        emitter.send(SseEmitter.event().reconnectTime(retryMillis).comment("cku events"));
    }

    /** The frames of all the events as one text, written and flushed once. */
    @Override
    public void send(List<Event> events) throws IOException {
        StringBuilder frames = new StringBuilder(events.size() * 512);
        for (Event event : events) {
            frames.append("id:").append(event.id()).append("\nevent:").append(event.type()).append("\ndata:").append(event.json())
                    .append("\n\n");
        }
        emitter.send(Set.of(new ResponseBodyEmitter.DataWithMediaType(frames.toString(), UTF8_TEXT)));
    }

    @Override
    public void heartbeat() throws IOException {
        emitter.send(SseEmitter.event().comment("heartbeat"));
    }

    @Override
    public void overflow(long lastDeliveredId) throws IOException {
        emitter.send(SseEmitter.event().id(Long.toString(lastDeliveredId)).name("overflow")
                .data("{\"lastEventId\":" + lastDeliveredId + ",\"reason\":\"this client fell more than its buffer behind; "
                        + "reconnect with Last-Event-ID " + lastDeliveredId + " to go on without a loss\"}"));
    }

    @Override
    public void reset(String reason, long head) throws IOException {
        emitter.send(SseEmitter.event().name("reset").data("{\"reason\":\"" + reason.replace("\"", "'") + "\",\"newestEventId\":" + head
                + ",\"hint\":\"read the run (GET /runs/{id}) or the runs list again, then subscribe with the newest id\"}"));
    }

    @Override
    public void close() {
        try {
            emitter.complete();
        } catch (RuntimeException alreadyDone) {
            // the response ended already
        }
    }
}

package io.cku.app.events;

import java.io.IOException;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.cku.realtime.Event;
import io.cku.realtime.EventSink;

/** A subscription written as Server-Sent Events: {@code id:} the event id, {@code event:} its type, {@code data:} the event. */
final class SseSink implements EventSink {

    private final SseEmitter emitter;

    SseSink(SseEmitter emitter) {
        this.emitter = emitter;
    }

    @Override
    public void open(long retryMillis) throws IOException {
        emitter.send(SseEmitter.event().reconnectTime(retryMillis).comment("cku events"));
    }

    @Override
    public void send(Event event) throws IOException {
        emitter.send(SseEmitter.event().id(Long.toString(event.id())).name(event.type()).data(event.json()));
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

package io.cku.app.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.cku.realtime.Event;
import io.cku.realtime.EventSink;

/**
 * A subscription written as Server-Sent Events with the servlet's non-blocking output: frames wait here while the client
 * has not read what it was sent, and no thread ever waits for a client. {@code id:} the event id, {@code event:} its type,
 * {@code data:} the event. Nothing is written before {@link #start()}, so a refused subscription still answers a problem.
 */
final class ServletEventSink implements EventSink, WriteListener, AsyncListener {

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private Runnable resume = () -> {
    };
    private AsyncContext async;
    private ServletOutputStream out;
    private boolean unflushed;
    private boolean closing;
    private boolean done;
    private volatile boolean writable;
    private Runnable onEnd = () -> {
    };

    ServletEventSink(HttpServletRequest request, HttpServletResponse response) {
        this.request = request;
        this.response = response;
    }

    /** Starts the response: status 200, the stream's headers, then whatever was written so far as the client reads it. */
    void start(Runnable onEnd) throws IOException {
        synchronized (this) {
            this.onEnd = onEnd;
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType("text/event-stream;charset=UTF-8");
            response.setHeader("Cache-Control", "no-cache");
            response.setHeader("X-Accel-Buffering", "no");
            async = request.startAsync(request, response);
            async.setTimeout(0);
            async.addListener(this);
            ServletOutputStream stream = response.getOutputStream();
            stream.setWriteListener(this); // before it, isReady() would throw: nobody may write until it is set
            out = stream;
            updateWritable();
        }
        pump(); // what was queued so far; if the client cannot take it yet, the container calls onWritePossible
    }

    /** Read by the hub without taking the sink's lock: kept by {@link #pump()} and {@link #queue}. */
    @Override
    public boolean writable() {
        return writable;
    }

    private void updateWritable() {
        writable = out != null && pending.isEmpty() && !unflushed && !done;
    }

    @Override
    public void whenWritable(Runnable resume) {
        this.resume = resume;
    }

    @Override
    public void open(long retryMillis) {
        queue("retry:" + retryMillis + "\n:cku events\n\n");
    }

    /** The events' frames, as made once for every stream (not copied here), flushed together. */
    @Override
    public void send(List<Event> events) {
        synchronized (this) {
            if (done || closing) {
                return;
            }
            events.forEach(event -> pending.add(event.frame()));
            writable = false;
        }
        pump();
    }

    @Override
    public void heartbeat() {
        queue(":heartbeat\n\n");
    }

    @Override
    public void overflow(long lastDeliveredId) {
        queue("id:" + lastDeliveredId + "\nevent:overflow\ndata:{\"lastEventId\":" + lastDeliveredId + ",\"reason\":\"this client fell "
                + "more than its buffer behind; reconnect with Last-Event-ID " + lastDeliveredId + " to go on without a loss\"}\n\n");
    }

    @Override
    public void reset(String reason, long head) {
        queue("event:reset\ndata:{\"reason\":\"" + reason.replace("\"", "'") + "\",\"newestEventId\":" + head
                + ",\"hint\":\"read the run (GET /runs/{id}) or the runs list again, then subscribe with the newest id\"}\n\n");
    }

    /** Ends the response once what is queued has been written (at once if the client is gone). */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        pump();
    }

    private void queue(CharSequence text) {
        synchronized (this) {
            if (done || closing) {
                return;
            }
            pending.add(text.toString().getBytes(StandardCharsets.UTF_8));
            writable = false;
        }
        pump();
    }

    @Override
    public void onWritePossible() {
        pump();
    }

    /** Writes while the container can take it without blocking; tells the subscription when everything is out. */
    private void pump() {
        boolean drained;
        synchronized (this) {
            if (out == null || done) {
                return;
            }
            try {
                while (out.isReady()) {
                    byte[] next = pending.poll();
                    if (next != null) {
                        out.write(next);
                        unflushed = true;
                    } else if (unflushed) {
                        unflushed = false;
                        out.flush();
                    } else {
                        break;
                    }
                }
            } catch (IOException | RuntimeException gone) {
                end();
                return;
            }
            drained = pending.isEmpty() && !unflushed;
            updateWritable();
            if (drained && closing) {
                end();
                return;
            }
        }
        if (drained) {
            resume.run();
        }
    }

    @Override
    public void onError(Throwable failure) {
        synchronized (this) {
            end();
        }
    }

    /** The response is over: completes it (once) and lets the subscription go. */
    private void end() {
        if (done) {
            return;
        }
        done = true;
        pending.clear();
        writable = false;
        try {
            async.complete();
        } catch (RuntimeException alreadyOver) {
            // the container ended it first
        }
        onEnd.run();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        synchronized (this) {
            done = true;
            pending.clear();
            writable = false;
        }
        onEnd.run();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        onError(event.getThrowable());
    }

    @Override
    public void onError(AsyncEvent event) {
        onError(event.getThrowable());
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
    }
}

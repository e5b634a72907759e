package io.cku.app.events;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;

import io.cku.orchestrator.Run;
import io.cku.realtime.Event;
import io.cku.realtime.EventFilter;
import io.cku.realtime.EventHub;
import io.cku.realtime.Subscription;
import io.cku.realtime.TooManySubscribers;
import io.cku.shared.TenantId;

/** Opens Server-Sent Events streams on the hub, written without blocking (no thread waits for a slow client). */
@Component
public class EventStreams {

    private final EventHub hub;

    EventStreams(EventHub hub) {
        this.hub = hub;
    }

    /**
     * Streams a run's events after {@code after} into the response: its stored history, then live ones, ending after
     * {@code run.finished}. A run that ended before {@code after} gets an empty stream that ends at once.
     *
     * @throws TooManySubscribers beyond the limits, before anything is written
     */
    public void run(Run run, String principal, long after, HttpServletRequest request, HttpServletResponse response) throws IOException {
        String runId = run.id().toString();
        if (run.status().isTerminal() && finishedAtOrBefore(runId, after)) {
            ServletEventSink done = new ServletEventSink(request, response);
            done.start(() -> {
            });
            done.close();
            return;
        }
        open(EventFilter.run(run.tenant().value(), runId), principal, after, request, response);
    }

    /** Streams the tenant's events after {@code after} (stored ones first), filtered by type prefixes and run; never ends by itself. */
    public void tenant(TenantId tenant, String principal, List<String> typePrefixes, String runId, long after, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        open(new EventFilter(tenant.value(), typePrefixes, runId), principal, after, request, response);
    }

    private void open(EventFilter filter, String principal, long after, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        ServletEventSink sink = new ServletEventSink(request, response);
        Subscription subscription = hub.subscribe(filter, principal, after, sink);
        sink.start(subscription::close);
    }

    private boolean finishedAtOrBefore(String runId, long after) {
        return hub.storedEventsOf(runId).stream().filter(Event::endsRun).anyMatch(event -> event.id() <= after);
    }
}

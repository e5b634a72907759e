package io.cku.app.events;

import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.cku.orchestrator.Run;
import io.cku.realtime.Event;
import io.cku.realtime.EventFilter;
import io.cku.realtime.EventHub;
import io.cku.realtime.Subscription;
import io.cku.realtime.TooManySubscribers;
import io.cku.shared.TenantId;

/** Opens Server-Sent Events streams on the hub. */
@Component
public class EventStreams {

    private final EventHub hub;

    EventStreams(EventHub hub) {
        this.hub = hub;
    }

    /**
     * A run's events after {@code after}: its stored history, then live ones, ending after {@code run.finished}. A run that
     * ended before {@code after} gets an empty stream that ends at once.
     *
     * @throws TooManySubscribers beyond the limits
     */
    public SseEmitter run(Run run, String principal, long after) {
        String runId = run.id().toString();
        if (run.status().isTerminal() && finishedAtOrBefore(runId, after)) {
            SseEmitter done = new SseEmitter(0L);
            new SseSink(done).close();
            return done;
        }
        return open(EventFilter.run(run.tenant().value(), runId), principal, after);
    }

    /** The tenant's events after {@code after} (stored ones first), filtered by type prefixes and run; never ends by itself. */
    public SseEmitter tenant(TenantId tenant, String principal, List<String> typePrefixes, String runId, long after) {
        return open(new EventFilter(tenant.value(), typePrefixes, runId), principal, after);
    }

    private SseEmitter open(EventFilter filter, String principal, long after) {
        SseEmitter emitter = new SseEmitter(0L);
        Subscription subscription = hub.subscribe(filter, principal, after, new SseSink(emitter));
        emitter.onCompletion(subscription::close);
        emitter.onTimeout(subscription::close);
        emitter.onError(error -> subscription.close());
        return emitter;
    }

    private boolean finishedAtOrBefore(String runId, long after) {
        return hub.storedEventsOf(runId).stream().filter(Event::endsRun).anyMatch(event -> event.id() <= after);
    }
}

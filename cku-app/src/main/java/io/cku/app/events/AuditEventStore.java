package io.cku.app.events;

import java.util.List;
import java.util.Optional;

import io.cku.audit.AuditChainGrew;
import io.cku.audit.AuditEntry;
import io.cku.audit.AuditReader;
import io.cku.realtime.Event;
import io.cku.realtime.EventStore;

/** The audit chain as the stored event stream: an event's id is its entry's seq, so it is gapless and committed in order. */
final class AuditEventStore implements EventStore {

    private final AuditReader audit;
    private final EventTypes types;

    AuditEventStore(AuditReader audit, EventTypes types) {
        this.audit = audit;
        this.types = types;
    }

    @Override
    public long head() {
        return audit.size();
    }

    @Override
    public Page after(long after, int limit) {
        List<AuditEntry> entries = audit.after(after, limit);
        long through = entries.isEmpty() ? after : entries.get(entries.size() - 1).seq();
        return new Page(events(entries), through);
    }

    /** The events among entries just linked into the chain here, as they would be read back. */
    List<Event> events(AuditChainGrew grew) {
        return events(grew.linked().stream().map(AuditChainGrew.Linked::entry).toList());
    }

    private List<Event> events(List<AuditEntry> entries) {
        return entries.stream().map(types::event).flatMap(Optional::stream).toList();
    }

    @Override
    public List<Event> ofRun(String runId, long after, int limit) {
        return events(audit.about(runId, after, limit));
    }
}

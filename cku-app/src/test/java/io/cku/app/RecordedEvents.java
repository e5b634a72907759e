package io.cku.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.event.EventListener;

import io.cku.audit.WitnessSawLargerCheckpoint;
import io.cku.auth.SecurityEvent;
import io.cku.governance.ApprovalEvent;
import io.cku.policy.PolicyChanged;

/** Collects the security, approval, policy and witness events the service publishes, for tests to read. */
@TestComponent
public class RecordedEvents {

    private final List<Object> events = new CopyOnWriteArrayList<>();

    @EventListener
    void on(SecurityEvent event) {
        events.add(event);
    }

    @EventListener
    void on(ApprovalEvent event) {
        events.add(event);
    }

    @EventListener
    void on(PolicyChanged event) {
        events.add(event);
    }

    @EventListener
    void on(WitnessSawLargerCheckpoint event) {
        events.add(event);
    }

    /** The events of one type, oldest first. */
    public <T> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}

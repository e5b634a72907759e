package io.cku.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.event.EventListener;

import io.cku.auth.SecurityEvent;

/** Collects every security event the service publishes, for tests to read. */
@TestComponent
public class RecordedSecurityEvents {

    private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();

    @EventListener
    void on(SecurityEvent event) {
        events.add(event);
    }

    /** The events of one type, oldest first. */
    public <T extends SecurityEvent> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}

package io.cku.realtime;

import java.util.List;
import java.util.Objects;

/**
 * Which events a subscriber sees: always one tenant's; optionally only types starting with one of {@code typePrefixes}
 * ({@code run.}, {@code gate.}; empty for all) and only one run's.
 */
public record EventFilter(String tenant, List<String> typePrefixes, String runId) {

    public EventFilter {
        Objects.requireNonNull(tenant, "tenant");
        typePrefixes = List.copyOf(typePrefixes);
    }

    public static EventFilter tenant(String tenant) {
        return new EventFilter(tenant, List.of(), null);
    }

    public static EventFilter run(String tenant, String runId) {
        return new EventFilter(tenant, List.of(), Objects.requireNonNull(runId, "runId"));
    }

    public boolean matches(Event event) {
        if (!tenant.equals(event.tenant())) {
            return false;
        }
        if (runId != null && !runId.equals(event.runId())) {
            return false;
        }
        if (typePrefixes.isEmpty()) {
            return true;
        }
        for (String prefix : typePrefixes) {
            if (event.type().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}

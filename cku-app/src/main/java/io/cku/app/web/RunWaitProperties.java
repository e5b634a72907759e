package io.cku.app.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The long poll on a run ({@code GET /runs/{id}?waitForChangeAfter=…}, {@code cku.run-waits.*}).
 *
 * @param maxWaiters how many requests may wait on this instance at once; one more is refused 429 {@code too-many-waiters}
 * @param checkInterval how often the versions of the runs waited on are read, to see changes stored through other instances
 *        (changes through this instance wake their waiters at once)
 */
@ConfigurationProperties("cku.run-waits")
public record RunWaitProperties(@DefaultValue("1000") int maxWaiters, @DefaultValue("250ms") Duration checkInterval) {

    public RunWaitProperties {
        if (maxWaiters < 1) {
            throw new IllegalArgumentException("cku.run-waits.max-waiters must be at least 1, was " + maxWaiters);
        }
        if (checkInterval.toMillis() < 10) {
            throw new IllegalArgumentException("cku.run-waits.check-interval must be at least 10ms, was " + checkInterval);
        }
    }
}

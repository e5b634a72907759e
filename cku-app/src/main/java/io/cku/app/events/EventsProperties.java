package io.cku.app.events;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.cku.realtime.EventHub;

/**
 * The event streams ({@code cku.events}).
 *
 * @param pollInterval how often the stored stream is read for what other instances stored (this instance's own: at once)
 * @param heartbeat how often an idle stream gets a comment line, so proxies keep it open
 * @param retry what streams tell clients to wait before reconnecting
 * @param bufferSize events a subscriber may fall behind before its stream is ended with {@code overflow}
 * @param maxSubscribers open streams per instance
 * @param maxSubscribersPerPrincipal open streams per caller and instance
 * @param replayLimit how many events back {@code GET /events} resumes; an older id gets a {@code reset}
 * @param senderThreads platform threads writing streams when the JVM has no virtual threads
 */
@ConfigurationProperties("cku.events")
record EventsProperties(
        @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("3s") Duration retry,
        @DefaultValue("1000") int bufferSize,
        @DefaultValue("2000") int maxSubscribers,
        @DefaultValue("100") int maxSubscribersPerPrincipal,
        @DefaultValue("100000") long replayLimit,
        @DefaultValue("64") int senderThreads) {

    EventHub.Settings settings() {
        return new EventHub.Settings(pollInterval, heartbeat, retry, bufferSize, maxSubscribers, maxSubscribersPerPrincipal, replayLimit);
    }
}

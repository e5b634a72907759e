package io.cku.app.events;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import io.cku.audit.AuditChainGrew;
import io.cku.audit.AuditReader;
import io.cku.realtime.EventHub;
import io.cku.realtime.Fanout;
import io.cku.realtime.RedisFanout;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/** The hub following the audit chain, with Redis fan-out when {@code cku.redis.url} is set. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EventsProperties.class)
class EventsConfiguration {

    @Bean
    AuditEventStore auditEventStore(AuditReader audit, JsonMapper json) {
        return new AuditEventStore(audit, new EventTypes(json));
    }

    @Bean
    EventHub eventHub(AuditEventStore store, EventsProperties properties, MeterRegistry meters,
            @Value("${cku.redis.url:}") String redisUrl) {
        Fanout fanout = redisUrl.isBlank() ? Fanout.NONE : new RedisFanout(redisUrl, "cku:events");
        return new EventHub(store, fanout, properties.settings(), EventHub.senderThreads(properties.senderThreads()), meters);
    }

    @Bean
    HubLifecycle eventHubLifecycle(EventHub hub, AuditEventStore store) {
        return new HubLifecycle(hub, store);
    }

    /**
     * Starts the hub once the database is up, and stops it first, before the web server's graceful shutdown: open streams
     * end at once (clients reconnect with their last id) instead of holding the stop for its whole timeout.
     */
    static final class HubLifecycle implements SmartLifecycle {

        private final EventHub hub;
        private final AuditEventStore store;
        private volatile boolean running;

        HubLifecycle(EventHub hub, AuditEventStore store) {
            this.hub = hub;
            this.store = store;
        }

        /** Hands the entries just linked to the hub as they are: it reads them back only if another instance linked between. */
        @EventListener
        void on(AuditChainGrew grew) {
            if (running) {
                hub.stored(grew.after(), grew.size(), () -> store.events(grew));
            }
        }

        @Override
        public void start() {
            hub.start();
            running = true;
        }

        @Override
        public void stop() {
            running = false;
            hub.close();
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return Integer.MAX_VALUE - 1;
        }
    }
}

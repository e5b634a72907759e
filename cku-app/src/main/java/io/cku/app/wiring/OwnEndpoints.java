package io.cku.app.wiring;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.cku.skillengine.DestinationGuard;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Tells the destination guard where this service listens, so that no step can call the service itself: the HTTP
 * server's port once it is bound (and the management server's, when it has its own), and the embedded PostgreSQL's.
 * These ports stay refused even on networks that {@code cku.skills.http.allowed-networks} allows.
 */
@Component
class OwnEndpoints {

    private final DestinationGuard guard;
    private final InetAddress serverAddress;

    OwnEndpoints(DestinationGuard guard, ObjectProvider<EmbeddedPostgres> postgres, @Value("${server.address:}") String serverAddress)
            throws UnknownHostException {
        this.guard = guard;
        this.serverAddress = serverAddress.isBlank() ? null : InetAddress.getByName(serverAddress);
        // PostgreSQL listens on localhost; refusing its port on every local address costs nothing and survives a changed
        // listen_addresses
        postgres.ifAvailable(database -> guard.listeningOn(null, database.getPort(), "database"));
    }

    @EventListener
    void on(WebServerInitializedEvent event) {
        String namespace = event.getApplicationContext().getServerNamespace();
        // the management server may be bound elsewhere (management.server.address): refuse its port everywhere
        InetAddress address = namespace == null ? serverAddress : null;
        guard.listeningOn(address, event.getWebServer().getPort(), namespace == null ? "HTTP server" : namespace + " server");
    }
}

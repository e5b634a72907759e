package io.cku.skillengine.builtin;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;

import io.cku.skillengine.DestinationGuard;

/**
 * The http skill's HTTP client. Its resolver is the {@link DestinationGuard}: a host is looked up once per connection,
 * every address it resolves to is checked, and the client connects only to the addresses that were checked, so a name
 * that answers differently the second time (DNS rebinding) gains nothing. TLS still verifies the host name.
 */
final class OutboundClient {

    private OutboundClient() {
    }

    static CloseableHttpAsyncClient start(DestinationGuard guard) {
        CloseableHttpAsyncClient client = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setDnsResolver(new GuardedResolver(guard))
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.ofSeconds(10)).build())
                        .setMaxConnTotal(256)
                        .setMaxConnPerRoute(64) // the JDK client had no limit; 5, the default, would queue a busy service's steps
                        .build())
                // no proxy either (no useSystemProperties): a proxy would connect for us to whatever the step names
                .disableRedirectHandling()     // a redirect is an answer; following it would call a place nobody checked
                .disableAutomaticRetries()     // the healing engine decides what is tried again, and records it
                .disableCookieManagement()     // steps of different runs and tenants share this client
                .disableAuthCaching()
                .disableContentCompression()   // the body is kept as sent, as before
                .build();
        client.start();
        return client;
    }

    /** Resolves through the guard; a refused address ends the exchange before any connection is attempted. */
    private record GuardedResolver(DestinationGuard guard) implements DnsResolver {

        @Override
        public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
            return guard.resolve(host, port);
        }

        /** Used only where the client does not say the port: then every port the service listens on is refused. */
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            return guard.resolve(host, -1).stream().map(InetSocketAddress::getAddress).toArray(InetAddress[]::new);
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    }
}

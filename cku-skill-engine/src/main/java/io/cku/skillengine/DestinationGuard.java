package io.cku.skillengine;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Where skills may connect: the one check every outbound connection of a skill passes, so that a run cannot turn the
 * service against its own network. Refused by default: every special-purpose address (loopback, private, carrier-grade
 * NAT, link-local, multicast, documentation, …, in whatever IPv6 form carries them) and every address the service
 * listens on; {@value #ALLOWED_NETWORKS} allows networks
 * explicitly. Cloud metadata services and the service's own listening ports stay refused whatever that list says.
 */
@Component
public class DestinationGuard {

    /** The setting that allows networks, named in every refusal it could lift. */
    public static final String ALLOWED_NETWORKS = "cku.skills.http.allowed-networks";
    static final String OWN_ADDRESS = "own-address";

    private static final String NEVER = "never allowed";
    private static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata", "metadata.goog");

    private final List<Network> allowed;
    private final Lookup lookup;
    private final List<Endpoint> own = new CopyOnWriteArrayList<>();

    /** How a name becomes addresses: the system's resolver, unless a test stands in for DNS. */
    @FunctionalInterface
    public interface Lookup {
        InetAddress[] addresses(String name) throws UnknownHostException;
    }

    @Autowired
    public DestinationGuard(SkillProperties properties) {
        this(properties, InetAddress::getAllByName);
    }

    public DestinationGuard(SkillProperties properties, Lookup lookup) {
        this.allowed = properties.http().allowedNetworks();
        this.lookup = lookup;
    }

    /**
     * Tells the guard that the service listens on this port ({@code what}: "HTTP server", "database") at this address,
     * or at every local address when the address is null or the wildcard.
     */
    public void listeningOn(InetAddress address, int port, String what) {
        own.add(new Endpoint(address == null || address.isAnyLocalAddress() ? null : address, port, what));
    }

    /**
     * The addresses a host resolves to, each with the port, for a client to connect to: looked up once, and only when
     * the host is not an address however spelled. Throws {@link DestinationRefused} when any of them is refused (a name
     * is as dangerous as the worst address it may answer with), and {@link UnknownHostException} when there are none.
     * A port of -1 means any: then every listening port of the service is refused.
     */
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        Optional<InetAddress> literal = literal(host);
        String name = literal.isPresent() ? null : name(host);
        List<InetAddress> addresses = literal.isPresent() ? List.of(literal.get()) : lookUp(name);

        for (InetAddress address : addresses) {
            Optional<Refusal> refusal = refusal(address, port, name);
            if (refusal.isPresent()) {
                throw new DestinationRefused(refusal.get());
            }
        }
        return addresses.stream().map(address -> new InetSocketAddress(address, Math.max(port, 0))).toList();
    }

    /**
     * Why a connection to this host would be refused, judged without a lookup: the metadata names and the addresses,
     * however spelled. Empty for other names, which are judged by {@link #resolve} when they are looked up. Throws
     * {@link IllegalArgumentException} for a host that looks like an address but is not one.
     */
    public Optional<Refusal> refusalWithoutLookup(String host, int port) {
        String name = name(host);
        if (METADATA_HOSTS.contains(name)) {
            return Optional.of(new Refusal(name, AddressRules.METADATA, NEVER));
        }
        return AddressSpelling.parse(host).flatMap(address -> refusal(address, port, null));
    }

    /**
     * The address a host spells in any of the ways resolvers accept ({@code 2130706433}, {@code 0x7f.1}, {@code 0177.0.0.1},
     * {@code 127.1}, {@code [::ffff:127.0.0.1]}, a trailing dot), read without a lookup; empty for a name. Throws
     * {@link IllegalArgumentException} for a host that looks like an address but is not one.
     */
    public static Optional<InetAddress> addressOf(String host) {
        return AddressSpelling.parse(host);
    }

    /** Why a connection to this address and port is refused; empty when it is allowed. */
    public Optional<Refusal> refusal(InetAddress address, int port) {
        return refusal(address, port, null);
    }

    private Optional<Refusal> refusal(InetAddress address, int port, String name) {
        String shown = AddressSpelling.format(address);
        Optional<Endpoint> endpoint = own.stream().filter(e -> e.serves(address, port)).findFirst();
        if (endpoint.isPresent()) {
            String withPort = port < 0 ? shown : shown.contains(":") ? "[" + shown + "]:" + port : shown + ":" + port;
            return Optional.of(new Refusal(destination(name, withPort), OWN_ADDRESS, "the service's own " + endpoint.get().what()
                    + ", " + NEVER));
        }
        if (AddressRules.metadata(address)) {
            return Optional.of(new Refusal(destination(name, shown), AddressRules.METADATA, NEVER));
        }
        if (allowed.stream().anyMatch(network -> network.contains(address))) {
            return Optional.empty();
        }

        Optional<String> rule = AddressRules.rule(address).or(() -> own.stream().anyMatch(e -> e.covers(address))
                ? Optional.of(OWN_ADDRESS) : Optional.empty());
        return rule.map(r -> new Refusal(destination(name, shown), r, ALLOWED_NETWORKS));
    }

    private List<InetAddress> lookUp(String name) throws UnknownHostException {
        if (name.isEmpty()) {
            throw new UnknownHostException("no host"); // the JDK would answer with the loopback address
        }
        if (METADATA_HOSTS.contains(name)) {
            throw new DestinationRefused(new Refusal(name, AddressRules.METADATA, NEVER));
        }
        InetAddress[] addresses = lookup.addresses(name);
        if (addresses == null || addresses.length == 0) {
            throw new UnknownHostException(name);
        }
        return List.of(addresses);
    }

    private static Optional<InetAddress> literal(String host) throws UnknownHostException {
        try {
            return AddressSpelling.parse(host);
        } catch (IllegalArgumentException e) {
            // never handed to DNS: a resolver might read it as an address after all
            throw new UnknownHostException(e.getMessage());
        }
    }

    /** The host as a name is looked up and compared: lower case, without brackets or the trailing dot of an absolute name. */
    private static String name(String host) {
        return host.replaceAll("^\\[|]$", "").replaceAll("\\.$", "").toLowerCase(Locale.ROOT);
    }

    private static String destination(String name, String address) {
        return name == null ? address : name + " (" + address + ")";
    }

    /** Where the service listens; a null address stands for every local address (a wildcard bind). */
    private record Endpoint(InetAddress address, int port, String what) {

        boolean serves(InetAddress candidate, int candidatePort) {
            return (candidatePort < 0 || candidatePort == port) && covers(candidate);
        }

        boolean covers(InetAddress candidate) {
            return address == null ? local(candidate) : address.equals(candidate);
        }

        private static boolean local(InetAddress candidate) {
            if (candidate.isAnyLocalAddress() || candidate.isLoopbackAddress()) {
                return true;
            }
            try {
                return NetworkInterface.getByInetAddress(candidate) != null;
            } catch (SocketException e) {
                return true; // cannot tell: count it as ours, the safe side
            }
        }
    }
}

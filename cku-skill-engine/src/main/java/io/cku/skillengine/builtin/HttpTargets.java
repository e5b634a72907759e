package io.cku.skillengine.builtin;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which hosts the http skill may call: never link-local, unspecified or cloud metadata addresses, whether a step
 * writes them literally or a host name resolves to them.
 */
final class HttpTargets {

    private static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata", "metadata.goog");
    private static final List<InetAddress> METADATA_ADDRESSES =
            Set.of("169.254.169.254", "fd00:ec2::254", "100.100.100.200").stream().map(HttpTargets::literal).toList();

    private HttpTargets() {
    }

    /** Adds a message for a URL that is not absolute http(s) or names a refused target. */
    static void checkUrl(String url, List<String> problems) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            problems.add("params.url is not a valid URL: '" + url + "'");
            return;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            problems.add("params.url must be an absolute http or https URL with a host, was '" + url + "'");
            return;
        }
        String host = bareHost(uri.getHost());
        if (METADATA_HOSTS.contains(host)) {
            problems.add("params.url targets a cloud metadata service, which is refused");
        } else if (literalAddress(host).filter(HttpTargets::refused).isPresent()) {
            problems.add("params.url targets a link-local or cloud metadata address, which is refused");
        }
    }

    /** Why requests to this host are refused once it is resolved, or null when they are allowed. */
    static String refusedAtResolution(String rawHost) {
        String host = bareHost(rawHost);
        if (METADATA_HOSTS.contains(host)) {
            return "refused: " + host + " is a cloud metadata service";
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (refused(address)) {
                    return "refused: " + host + " resolves to " + address.getHostAddress()
                            + ", a link-local, unspecified or cloud metadata address";
                }
            }
            return null;
        } catch (UnknownHostException e) {
            return "unknown host " + host;
        }
    }

    private static boolean refused(InetAddress address) {
        return address.isLinkLocalAddress() || address.isAnyLocalAddress() || METADATA_ADDRESSES.contains(address);
    }

    /** The host without IPv6 brackets or a trailing dot, in lower case, as name comparisons need it. */
    private static String bareHost(String host) {
        return host.replaceAll("^\\[|\\]$", "").replaceAll("\\.$", "").toLowerCase(Locale.ROOT);
    }

    /** The address a literal host names, without a DNS lookup; empty for a host name. */
    private static Optional<InetAddress> literalAddress(String host) {
        boolean literal = host.contains(":") || host.matches("[0-9]+(\\.[0-9]+){0,3}");
        return literal ? Optional.of(host).map(HttpTargets::literalOrNull) : Optional.empty();
    }

    private static InetAddress literalOrNull(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static InetAddress literal(String address) {
        InetAddress parsed = literalOrNull(address);
        if (parsed == null) {
            throw new IllegalStateException("not an IP address literal: " + address);
        }
        return parsed;
    }
}

package io.cku.skillengine.builtin;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cku.skillengine.DestinationGuard;

/**
 * Where an http step's URL points. A host that spells an address in any of the ways resolvers accept ({@code 127.1},
 * {@code 0x7f.1}, {@code 2130706433}) is sent in its usual spelling, so the address checked is the address called.
 *
 * @param uri the URI to send
 * @param host the host as the step wrote it
 * @param port the port, the scheme's default when the URL names none
 */
record HttpTarget(URI uri, String host, int port) {

    private static final Pattern HOST_AND_PORT = Pattern.compile("(\\[[^]]*]|[^:]*)(?::([0-9]{0,5}))?");

    /** The target of an absolute http or https URL; throws {@link IllegalArgumentException} saying what is wrong with it. */
    static HttpTarget of(String url) {
        URI uri = parse(url);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String authority = uri.getRawAuthority();
        Matcher hostAndPort = HOST_AND_PORT.matcher(authority == null ? "" : authority.substring(authority.lastIndexOf('@') + 1));
        if (!scheme.equals("http") && !scheme.equals("https") || authority == null || !hostAndPort.matches()) {
            throw noHost(url);
        }
        Optional<InetAddress> address = address(hostAndPort.group(1));
        // java.net.URI finds no host in 127.1 or 0x7f.1 (a name's last label cannot start with a digit); resolvers find 127.0.0.1
        if (uri.getHost() == null && address.isEmpty()) {
            throw noHost(url);
        }

        String userInfo = authority.contains("@") ? authority.substring(0, authority.lastIndexOf('@')) : null;
        String port = hostAndPort.group(2);
        int given = port == null || port.isEmpty() ? -1 : Integer.parseInt(port);
        if (given > 65_535) {
            throw new IllegalArgumentException("params.url names port " + given + ", beyond 65535");
        }
        int effective = given >= 0 ? given : scheme.equals("https") ? 443 : 80;
        URI sent = address.map(a -> withHost(uri, scheme, userInfo, a, given)).orElse(uri);
        return new HttpTarget(sent, hostAndPort.group(1), effective);
    }

    /** Adds a message for a URL that is not absolute http(s), or whose host is refused without a lookup. */
    static void check(String url, DestinationGuard guard, List<String> problems) {
        try {
            HttpTarget target = of(url);
            guard.refusalWithoutLookup(target.host(), target.port()).ifPresent(refusal -> problems.add("params.url: " + refusal.reason()));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
    }

    /** The origin requests go to, as circuits count it: {@code 127.1} and {@code 127.0.0.1} are one origin. */
    String origin() {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    private static URI parse(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("params.url is not a valid URL: '" + url + "'");
        }
    }

    private static IllegalArgumentException noHost(String url) {
        return new IllegalArgumentException("params.url must be an absolute http or https URL with a host, was '" + url + "'");
    }

    private static Optional<InetAddress> address(String host) {
        try {
            return DestinationGuard.addressOf(host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("params.url " + e.getMessage());
        }
    }

    private static URI withHost(URI uri, String scheme, String userInfo, InetAddress address, int port) {
        String literal = unscoped(address).getHostAddress();
        String host = literal.contains(":") ? "[" + literal + "]" : literal;
        return URI.create(scheme + "://" + (userInfo == null ? "" : userInfo + "@") + host + (port < 0 ? "" : ":" + port)
                + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment()));
    }

    /** The address without an IPv6 zone ({@code %eth0}), which a URI cannot carry. */
    private static InetAddress unscoped(InetAddress address) {
        try {
            return InetAddress.getByAddress(address.getAddress());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("the bytes of an address are an address", e);
        }
    }
}

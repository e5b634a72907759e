package io.cku.skillengine;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The address ranges an outbound call refuses by default, each under the name of its rule: the special-purpose
 * registries' ranges (RFC 6890 and its updates) that are not the public internet.
 */
final class AddressRules {

    static final String METADATA = "metadata";

    private record Range(Network network, String rule) {
    }

    // first match wins: broadcast lies inside the reserved 240/4
    private static final List<Range> RANGES = Stream.of(
            "0.0.0.0/8 unspecified", "127.0.0.0/8 loopback", "10.0.0.0/8 private", "172.16.0.0/12 private",
            "192.168.0.0/16 private", "100.64.0.0/10 carrier-grade-nat", "169.254.0.0/16 link-local",
            "192.0.0.0/24 reserved", "192.0.2.0/24 documentation", "198.51.100.0/24 documentation",
            "203.0.113.0/24 documentation", "198.18.0.0/15 benchmarking", "224.0.0.0/4 multicast",
            "255.255.255.255/32 broadcast", "240.0.0.0/4 reserved",
            "::/128 unspecified", "::1/128 loopback", "fc00::/7 unique-local", "fe80::/10 link-local",
            "fec0::/10 site-local", "ff00::/8 multicast", "2001:db8::/32 documentation", "2001:2::/48 benchmarking",
            "100::/64 reserved")
            .map(line -> line.split(" "))
            .map(parts -> new Range(Network.of(parts[0]), parts[1]))
            .toList();

    /** Cloud metadata services (AWS, GCP and Azure; AWS over IPv6; Alibaba): refused even when their network is allowed. */
    private static final Set<InetAddress> METADATA_ADDRESSES = Stream.of("169.254.169.254", "fd00:ec2::254", "100.100.100.200")
            .map(text -> AddressSpelling.parse(text).orElseThrow())
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    private static final Network NAT64 = Network.of("64:ff9b::/96");
    private static final Network SIX_TO_FOUR = Network.of("2002::/16");
    private static final Network IPV4_COMPATIBLE = Network.of("::/96");
    private static final InetAddress UNSPECIFIED = AddressSpelling.parse("::").orElseThrow();
    private static final InetAddress LOOPBACK = AddressSpelling.parse("::1").orElseThrow();

    private AddressRules() {
    }

    static boolean metadata(InetAddress address) {
        return METADATA_ADDRESSES.contains(address) || embeddedIpv4(address).filter(METADATA_ADDRESSES::contains).isPresent();
    }

    /**
     * The rule that refuses this address, if one does. An IPv6 address that carries an IPv4 address (IPv4-compatible
     * {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::a.b.c.d}, 6to4 {@code 2002:aabb:ccdd::}) is judged by the IPv4 address
     * it carries, since that is where a translating network delivers it.
     */
    static Optional<String> rule(InetAddress address) {
        if (metadata(address)) {
            return Optional.of(METADATA);
        }
        Optional<String> embedded = embeddedIpv4(address).flatMap(AddressRules::rangeRule);
        return embedded.isPresent() ? embedded : rangeRule(address);
    }

    private static Optional<String> rangeRule(InetAddress address) {
        return RANGES.stream().filter(range -> range.network().contains(address)).map(Range::rule).findFirst();
    }

    private static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] bytes = address.getAddress();
        boolean compatible = IPV4_COMPATIBLE.contains(address) && !UNSPECIFIED.equals(address) && !LOOPBACK.equals(address);
        if (compatible || mapped(bytes) || NAT64.contains(address)) {
            return Optional.of(ipv4(Arrays.copyOfRange(bytes, 12, 16)));
        }
        if (SIX_TO_FOUR.contains(address)) {
            return Optional.of(ipv4(Arrays.copyOfRange(bytes, 2, 6)));
        }
        return Optional.empty();
    }

    /**
     * {@code ::ffff:a.b.c.d}: the JDK turns it into an IPv4 address when it parses one (so it cannot be written as a
     * {@link Network}), but an {@link Inet6Address} can still be built with it.
     */
    private static boolean mapped(byte[] bytes) {
        return Arrays.equals(bytes, 0, 10, new byte[10], 0, 10) && bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF;
    }

    private static Inet4Address ipv4(byte[] bytes) {
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }
}

package io.cku.skillengine;

import java.net.InetAddress;
import java.util.Objects;

/**
 * An IP network in CIDR notation, such as {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is the network of that
 * one address.
 */
public record Network(InetAddress address, int prefixLength) {

    public Network {
        Objects.requireNonNull(address, "address");
        int bits = address.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("the prefix length of " + AddressSpelling.format(address) + " must be 0.." + bits
                    + ", was " + prefixLength);
        }
    }

    /** Parses {@code address/prefix-length}, the address written as usual (dotted IPv4 or IPv6); also how configuration binds it. */
    public static Network of(String cidr) {
        String[] parts = cidr.trim().split("/", -1);
        // no inet_aton forms here: an operator who writes 010.0.0.0 means 10.0.0.0, which inet_aton reads as 8.0.0.0
        if (parts.length > 2 || !parts[0].matches("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")
                || parts.length == 2 && !parts[1].matches("[0-9]{1,3}")) {
            throw notCidr(cidr);
        }
        try {
            InetAddress address = AddressSpelling.parse(parts[0]).orElseThrow(() -> notCidr(cidr));
            return new Network(address, parts.length == 1 ? address.getAddress().length * 8 : Integer.parseInt(parts[1]));
        } catch (IllegalArgumentException e) {
            throw notCidr(cidr);
        }
    }

    /** Whether the address lies in this network; an IPv4 address never lies in an IPv6 network, nor the other way round. */
    public boolean contains(InetAddress candidate) {
        byte[] network = address.getAddress();
        byte[] other = candidate.getAddress();
        if (network.length != other.length) {
            return false;
        }
        for (int bit = 0; bit < prefixLength; bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((network[bit / 8] & mask) != (other[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static IllegalArgumentException notCidr(String cidr) {
        return new IllegalArgumentException("not a network in CIDR notation (such as 10.0.0.0/8 or fd00::/8): '" + cidr + "'");
    }

    @Override
    public String toString() {
        return AddressSpelling.format(address) + "/" + prefixLength;
    }
}

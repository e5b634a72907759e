package io.cku.skillengine;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a host the way resolvers read it, without asking DNS: {@code 2130706433}, {@code 0x7f.1}, {@code 0177.0.0.1} and
 * {@code 127.1} all name 127.0.0.1 to glibc's {@code inet_aton} (and so to curl and most HTTP clients), so a check that
 * compared spellings would be fooled.
 */
final class AddressSpelling {

    private static final Pattern NUMBER = Pattern.compile("0[xX][0-9a-fA-F]*|[0-9]+");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+(%[0-9a-zA-Z._-]+)?");
    private static final long MAX_IPV4 = 0xFFFF_FFFFL;

    private AddressSpelling() {
    }

    /**
     * The address this host spells (brackets and one trailing dot allowed), or empty for a host name. Throws
     * {@link IllegalArgumentException} for a host that ends in a number but is no address ({@code 1.2.3.4.5},
     * {@code 256.1.1.1}): a resolver might read it either way, so it is neither a name nor an address.
     */
    static Optional<InetAddress> parse(String host) {
        String bare = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (bare.startsWith("[") && bare.endsWith("]")) {
            return Optional.of(ipv6(bare.substring(1, bare.length() - 1), host));
        }
        if (bare.contains(":")) {
            return Optional.of(ipv6(bare, host));
        }
        String[] parts = bare.split("\\.", -1);
        if (!NUMBER.matcher(parts[parts.length - 1]).matches()) {
            return Optional.empty();
        }
        return Optional.of(ipv4(parts, host));
    }

    /** The address as people write it: dotted IPv4, or IPv6 with its longest run of zero groups shortened (RFC 5952). */
    static String format(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        int runStart = -1;
        int runLength = 1;
        for (int i = 0, zeros = 0; i < 8; i++) {
            groups[i] = (bytes[2 * i] & 0xFF) << 8 | bytes[2 * i + 1] & 0xFF;
            zeros = groups[i] == 0 ? zeros + 1 : 0;
            if (zeros > runLength) {
                runStart = i - zeros + 1;
                runLength = zeros;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == runStart) {
                text.append("::");
                i += runLength - 1;
            } else {
                text.append(text.length() == 0 || text.charAt(text.length() - 1) == ':' ? "" : ":").append(Integer.toHexString(groups[i]));
            }
        }
        return text.toString();
    }

    /** inet_aton's forms: 1 to 4 parts, each decimal, 0x hex or 0-prefixed octal; the last part fills the remaining bytes. */
    private static InetAddress ipv4(String[] parts, String host) {
        if (parts.length > 4) {
            throw notAnAddress(host);
        }
        long value = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            long part = number(parts[i], host);
            if (part > 255) {
                throw notAnAddress(host);
            }
            value = value << 8 | part;
        }
        int lastBits = 32 - 8 * (parts.length - 1);
        long last = number(parts[parts.length - 1], host);
        if (last >= 1L << lastBits) {
            throw notAnAddress(host);
        }
        value = value << lastBits | last;
        return address(new byte[] {(byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value}, host);
    }

    private static long number(String part, String host) {
        if (!NUMBER.matcher(part).matches()) {
            throw notAnAddress(host);
        }
        boolean hex = part.length() > 1 && (part.charAt(1) == 'x' || part.charAt(1) == 'X');
        boolean octal = !hex && part.length() > 1 && part.charAt(0) == '0';
        String digits = hex ? part.substring(2) : octal ? part.substring(1) : part;
        digits = digits.replaceFirst("^0+(?=.)", "");
        if (digits.isEmpty() || digits.length() > 11) {
            return digits.isEmpty() ? 0 : Long.MAX_VALUE;
        }
        try {
            long value = Long.parseLong(digits, hex ? 16 : octal ? 8 : 10);
            return Math.min(value, MAX_IPV4 + 1);
        } catch (NumberFormatException e) {
            throw notAnAddress(host);
        }
    }

    private static InetAddress ipv6(String literal, String host) {
        if (!IPV6.matcher(literal).matches()) {
            throw notAnAddress(host);
        }
        try {
            // only digits, colons and dots: the JDK parses this as a literal and never asks DNS
            return InetAddress.getByName(literal.contains(":") ? literal : "[" + literal + "]");
        } catch (UnknownHostException e) {
            throw notAnAddress(host);
        }
    }

    private static InetAddress address(byte[] bytes, String host) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw notAnAddress(host);
        }
    }

    private static IllegalArgumentException notAnAddress(String host) {
        return new IllegalArgumentException("'" + host + "' looks like an IP address but is not one");
    }
}

package io.lamassu.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IP address or CIDR block ({@code 10.0.0.0/8}, {@code ::1}, {@code 192.168.1.7}). Parsed
 * without DNS look-ups: only literal addresses are accepted, so a configuration can never make
 * start-up block on name resolution.
 */
public record Cidr(byte[] network, int prefixBits) {

    public static Cidr parse(String text) {
        String t = text == null ? "" : text.strip();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        byte[] bytes = literal(addr);
        int bits = bytes.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in '" + text + "'");
            }
            if (bits < 0 || bits > bytes.length * 8) {
                throw new IllegalArgumentException("prefix length out of range in '" + text + "'");
            }
        }
        return new Cidr(bytes, bits);
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        int full = prefixBits / 8;
        if (!Arrays.equals(a, 0, full, network, 0, full)) {
            return false;
        }
        int rest = prefixBits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (a[full] & mask) == (network[full] & mask);
    }

    /** True when {@code text} is a literal IPv4 or IPv6 address (no DNS). */
    public static boolean isIpLiteral(String text) {
        try {
            literal(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static byte[] literal(String addr) {
        boolean v4 = addr.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = addr.contains(":") && addr.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) {
            throw new IllegalArgumentException("'" + addr + "' is not an IP address");
        }
        if (v4 && Arrays.stream(addr.split("\\.")).anyMatch(p -> Integer.parseInt(p) > 255)) {
            throw new IllegalArgumentException("'" + addr + "' is not an IP address");
        }
        try {
            // A literal never triggers a look-up (InetAddress.getByName only resolves names).
            return InetAddress.getByName(addr).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + addr + "' is not an IP address");
        }
    }
}

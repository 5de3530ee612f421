package io.lamassu.crypto;

import io.lamassu.common.LamassuException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Locale;

/**
 * Certificate serial numbers. RFC 5280 §4.1.2.2 asks for positive integers of at most 20 octets;
 * CA/B Forum BR §7.1 asks for at least 64 bits from a CSPRNG. We draw 128 bits, as upstream does,
 * and print them as lowercase hex of even length with no separators (upstream's format since
 * v3.5). Lookups accept upper case and {@code :}/{@code -} separated forms.
 */
public final class SerialNumbers {
    private final SecureRandom random;

    public SerialNumbers(SecureRandom random) {
        this.random = random;
    }

    public BigInteger next() {
        BigInteger n;
        do {
            n = new BigInteger(128, random);
        } while (n.signum() == 0);
        return n;
    }

    public static String format(BigInteger serial) {
        String hex = serial.toString(16);
        return hex.length() % 2 == 0 ? hex : "0" + hex;
    }

    /** Canonical form of a serial typed by a caller; 400 INVALID_SERIAL_NUMBER when it is not hex. */
    public static String normalize(String text) {
        String hex = text == null ? "" : text.strip().replace(":", "").replace("-", "").toLowerCase(Locale.ROOT);
        if (hex.isEmpty() || hex.length() > 64 || !hex.matches("[0-9a-f]+")) {
            throw LamassuException.badRequest("INVALID_SERIAL_NUMBER",
                    "serial number must be hexadecimal (optionally ':' or '-' separated)");
        }
        return format(new BigInteger(hex, 16));
    }
}

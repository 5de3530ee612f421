package io.lamassu.crypto;

/**
 * Upstream's {@code key_metadata}: key type (RSA, ECDSA, Ed25519, UNKNOWN), size in bits and
 * strength. Strength rule as upstream {@code keystrength.go}: RSA &lt; 2048 LOW, 2048–3071 MEDIUM,
 * ≥ 3072 HIGH; ECDSA ≤ 128 LOW, 129–255 MEDIUM, ≥ 256 HIGH; Ed25519 (≈128-bit security, like P-256) HIGH.
 */
public record KeyInfo(String type, int bits, String strength) {
    public static KeyInfo of(String type, int bits) {
        return new KeyInfo(type, bits, strength(type, bits));
    }

    static String strength(String type, int bits) {
        return switch (type) {
            case "RSA" -> bits < 2048 ? "LOW" : bits < 3072 ? "MEDIUM" : "HIGH";
            case "ECDSA" -> bits <= 128 ? "LOW" : bits < 256 ? "MEDIUM" : "HIGH";
            case "Ed25519" -> "HIGH";
            default -> "LOW";
        };
    }
}

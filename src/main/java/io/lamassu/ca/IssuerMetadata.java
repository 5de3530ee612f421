package io.lamassu.ca;

/** Upstream's {@code issuer_metadata}: the issuing CA's id, certificate serial and level ({@code "-"}/-1 when unknown). */
public record IssuerMetadata(String serialNumber, String id, int level) {
    public static IssuerMetadata unknown(String ownSerial) {
        return new IssuerMetadata(ownSerial, "-", -1);
    }
}

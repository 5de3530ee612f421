package io.lamassu.ca;

import java.util.List;

/** Upstream's {@code extensions} object: key usage and extended key usage names. */
public record CertificateExtensions(List<String> keyUsage, List<String> extendedKeyUsage) {
    public CertificateExtensions {
        keyUsage = keyUsage == null ? List.of() : List.copyOf(keyUsage);
        extendedKeyUsage = extendedKeyUsage == null ? List.of() : List.copyOf(extendedKeyUsage);
    }
}

package io.lamassu.ca;

/** Who holds the certificate's key: our KMS (MANAGED, IMPORTED_WITH_KEY) or nobody here. */
public enum CertificateType {
    MANAGED, IMPORTED_WITH_KEY, IMPORTED_WITHOUT_KEY
}

package io.lamassu.ca;

import io.lamassu.common.Durations;
import io.lamassu.common.LamassuException;
import io.lamassu.crypto.DistinguishedName;
import io.lamassu.crypto.KeyUsages;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An issuance profile (upstream-notes §6.3): how a CA turns a CSR into a certificate. Also the
 * request body of {@code POST/PUT /profiles}; {@code id} is chosen by the client or generated.
 */
public record IssuanceProfile(String id, String name, String description, Validity validity, boolean signAsCa,
                              boolean honorKeyUsage, List<String> keyUsage, boolean honorExtendedKeyUsages,
                              List<String> extendedKeyUsages, boolean honorSubject, DistinguishedName subject,
                              boolean honorExtensions, CryptoEnforcement cryptoEnforcement) {

    public IssuanceProfile {
        name = name == null ? "" : name;
        description = description == null ? "" : description;
        keyUsage = keyUsage == null ? List.of() : List.copyOf(keyUsage);
        extendedKeyUsages = extendedKeyUsages == null ? List.of() : List.copyOf(extendedKeyUsages);
        subject = subject == null ? DistinguishedName.ofCommonName("") : subject;
        cryptoEnforcement = cryptoEnforcement == null ? CryptoEnforcement.DISABLED : cryptoEnforcement;
    }

    /** Checks every field and canonicalises usage names; 400 with a stable code otherwise. */
    public IssuanceProfile validated(String withId) {
        if (validity == null) {
            throw LamassuException.badRequest("INVALID_VALIDITY", "validity is required");
        }
        return new IssuanceProfile(withId, name, description, validity.validated(), signAsCa, honorKeyUsage,
                KeyUsages.canonicalKeyUsages(keyUsage), honorExtendedKeyUsages,
                KeyUsages.canonicalExtendedKeyUsages(extendedKeyUsages), honorSubject, subject, honorExtensions,
                cryptoEnforcement.validated());
    }

    /** Upstream's built-in profile for a CA's own certificate (x509engine GetDefaultCAIssuanceProfile). */
    public static IssuanceProfile forCaCertificate(Validity validity) {
        return new IssuanceProfile("", "ca-certificate", "", validity, true, false, List.of("CertSign", "CRLSign"),
                false, List.of(), true, null, true, CryptoEnforcement.DISABLED);
    }

    /** {@code type} "Duration" (with an upstream duration string) or "Time" (an absolute not-after). */
    public record Validity(String type, String duration, Instant time) {
        /** RFC 5280 §4.1.2.5: 99991231235959Z, the latest time X.509 can say ("no well-defined expiration"). */
        public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

        public Validity validated() {
            if ("Duration".equals(type)) {
                Duration d = Durations.parse(duration);
                if (d.isZero() || d.isNegative()) {
                    throw LamassuException.badRequest("INVALID_VALIDITY", "validity duration must be positive");
                }
                return new Validity("Duration", Durations.format(d), Certificate.ZERO_TIME);
            }
            if ("Time".equals(type)) {
                if (time == null || !time.isAfter(Certificate.ZERO_TIME)) {
                    throw LamassuException.badRequest("INVALID_VALIDITY", "validity time is required for type Time");
                }
                if (time.isAfter(LATEST)) {
                    throw LamassuException.badRequest("INVALID_VALIDITY", "validity time must not be after " + LATEST
                            + " (RFC 5280 §4.1.2.5)");
                }
                return new Validity("Time", null, time);
            }
            throw LamassuException.badRequest("INVALID_VALIDITY",
                    "validity type must be 'Duration' or 'Time', got '" + type + "'");
        }

        /**
         * The not-after for a certificate issued at {@code now}, never later than {@link #LATEST}:
         * durations are bounded on input, and the comparison below keeps even a stored value
         * written before that bound from overflowing {@code Instant}.
         */
        public Instant notAfter(Instant now) {
            if ("Time".equals(type)) {
                return time.isAfter(LATEST) ? LATEST : time;
            }
            Duration d;
            try {
                d = Durations.parse(duration);
            } catch (LamassuException e) {
                throw LamassuException.unprocessable("INVALID_VALIDITY", "the stored validity duration '" + duration
                        + "' is out of range; update the issuance profile");
            }
            return d.compareTo(Duration.between(now, LATEST)) >= 0 ? LATEST : now.plus(d);
        }
    }

    /** Key type and size restrictions; RSA and ECDSA as upstream (sizes in bits; empty list = any supported). */
    public record CryptoEnforcement(boolean enabled, boolean allowRsaKeys, List<Integer> allowedRsaKeySizes,
                                    boolean allowEcdsaKeys, List<Integer> allowedEcdsaKeySizes) {
        public static final CryptoEnforcement DISABLED = new CryptoEnforcement(false, true, List.of(), true, List.of());

        public CryptoEnforcement {
            allowedRsaKeySizes = allowedRsaKeySizes == null ? List.of() : List.copyOf(allowedRsaKeySizes);
            allowedEcdsaKeySizes = allowedEcdsaKeySizes == null ? List.of() : List.copyOf(allowedEcdsaKeySizes);
        }

        CryptoEnforcement validated() {
            for (Integer n : allowedRsaKeySizes) {
                if (n == null || n < 2048 || n > 16384) {
                    throw LamassuException.badRequest("INVALID_CRYPTO_ENFORCEMENT",
                            "allowed_rsa_key_sizes must be between 2048 and 16384 bits");
                }
            }
            for (Integer n : allowedEcdsaKeySizes) {
                if (n == null || !List.of(256, 384, 521).contains(n)) {
                    throw LamassuException.badRequest("INVALID_CRYPTO_ENFORCEMENT",
                            "allowed_ecdsa_key_sizes may contain 256, 384 and 521");
                }
            }
            return this;
        }
    }
}

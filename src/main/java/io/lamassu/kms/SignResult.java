package io.lamassu.kms;

/** Base64 of the signature (DER for ECDSA). */
public record SignResult(String signature) {
}

package io.lamassu.kms;

/** {@code algorithm} e.g. ECDSA_SHA_256; {@code message} base64; {@code messageType} raw|hash. */
public record SignRequest(String algorithm, String message, String messageType) {
}

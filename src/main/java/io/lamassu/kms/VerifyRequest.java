package io.lamassu.kms;

/** Same fields as {@link SignRequest} plus the base64 signature to check. */
public record VerifyRequest(String algorithm, String message, String signature, String messageType) {
}

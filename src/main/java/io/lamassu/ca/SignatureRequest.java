package io.lamassu.ca;

/**
 * Body of {@code POST /cas/{id}/signature/sign} and {@code .../verify} (upstream-notes §2.1):
 * {@code message} base64, {@code message_type} raw (the server hashes) or hash (a digest; digest
 * is accepted too), {@code signature_algorithm} e.g. ECDSA_SHA_256; {@code signature} (base64)
 * only for verify.
 */
public record SignatureRequest(String message, String messageType, String signatureAlgorithm, String signature) {
}

package io.lamassu.ca;

import java.util.Map;

/** Body of {@code POST /certificates/import}: a certificate (base64 PEM, PEM or base64 DER) and metadata. */
public record ImportCertificateRequest(String certificate, Map<String, Object> metadata) {
}

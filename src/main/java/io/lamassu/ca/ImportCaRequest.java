package io.lamassu.ca;

import java.util.List;

/**
 * Body of {@code POST /cas/import} (upstream ImportCABody). {@code ca} is the certificate (base64
 * PEM, PEM or base64 DER); {@code private_key} optional (PKCS#1, PKCS#8 or SEC1 PEM, or its base64).
 * {@code parent_id}, {@code ca_chain}, {@code ca_type} and {@code ca_request_id} are accepted for
 * upstream compatibility and ignored: the parent is found by AKI and signature.
 */
public record ImportCaRequest(String id, String engineId, String privateKey, String ca, String profileId,
                              String parentId, List<String> caChain, String caType, String caRequestId) {
}

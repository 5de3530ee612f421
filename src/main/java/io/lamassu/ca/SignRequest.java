package io.lamassu.ca;

/**
 * Body of {@code POST /cas/{id}/sign} and {@code /cas/{id}/certificates/sign}: the CSR (base64
 * DER, base64 PEM or PEM) and optionally a profile id or an inline profile (else the CA's default).
 */
public record SignRequest(String csr, String profileId, IssuanceProfile profile) {
}

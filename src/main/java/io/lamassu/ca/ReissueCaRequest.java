package io.lamassu.ca;

/**
 * Body of {@code POST /cas/{id}/reissue}. Upstream's fields: {@code profile} (inline) or
 * {@code profile_id} for the new CA certificate, else the built-in CA profile with the current
 * certificate's lifetime. Added here: {@code ca_expiration} (the new validity) and key rotation,
 * {@code new_key: true} with an optional {@code key_metadata} ({@code type}, {@code bits};
 * default the current key's) and {@code engine_id} (default the current key's engine).
 */
public record ReissueCaRequest(IssuanceProfile profile, String profileId, IssuanceProfile.Validity caExpiration,
                               Boolean newKey, CreateCaRequest.KeyMetadata keyMetadata, String engineId) {
    /** An empty body: same key, same lifetime, built-in CA profile. */
    public static final ReissueCaRequest DEFAULTS = new ReissueCaRequest(null, null, null, null, null, null);

    boolean rotatesKey() {
        if (keyMetadata != null && keyMetadata.reuse()) {
            throw io.lamassu.common.LamassuException.badRequest("INVALID_KEY_SPEC",
                    "key_metadata.key_id is not accepted by reissue: give type and bits for a new key");
        }
        if (Boolean.FALSE.equals(newKey) && (keyMetadata != null || CaService.blankToNull(engineId) != null)) {
            throw io.lamassu.common.LamassuException.badRequest("INVALID_KEY_SPEC",
                    "key_metadata and engine_id describe a new key; they need new_key true (or no new_key)");
        }
        return Boolean.TRUE.equals(newKey) || keyMetadata != null || CaService.blankToNull(engineId) != null;
    }
}

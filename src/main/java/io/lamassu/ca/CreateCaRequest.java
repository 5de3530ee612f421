package io.lamassu.ca;

import io.lamassu.crypto.DistinguishedName;
import java.util.List;
import java.util.Map;

/** Body of {@code POST /cas} (upstream CreateCABody). {@code parent_id} empty = self-signed root. */
public record CreateCaRequest(String id, String parentId, DistinguishedName subject, KeyMetadata keyMetadata,
                              IssuanceProfile.Validity caExpiration, String profileId, String engineId,
                              Map<String, Object> metadata, String caIssuanceProfileId,
                              IssuanceProfile caIssuanceProfile) {
    /** Key to create ({@code type} RSA|ECDSA|Ed25519 + {@code bits}) or, with {@code key_id}, an existing KMS key. */
    public record KeyMetadata(String type, int bits, String keyId) {
        private static final Map<String, List<Integer>> SIZES = Map.of("RSA", List.of(2048, 3072, 4096),
                "ECDSA", List.of(256, 384, 521), "Ed25519", List.of(0, 256));

        public boolean reuse() {
            return keyId != null && !keyId.isBlank();
        }

        void validate() {
            if (reuse()) {
                return;
            }
            List<Integer> sizes = type == null ? null : SIZES.get(type);
            if (sizes == null || !sizes.contains(bits)) {
                throw io.lamassu.common.LamassuException.badRequest("INVALID_KEY_SPEC",
                        "key_metadata must be RSA 2048/3072/4096, ECDSA 256/384/521 or Ed25519, got " + type + " "
                                + bits);
            }
        }
    }
}

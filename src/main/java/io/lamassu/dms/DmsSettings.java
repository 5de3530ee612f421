package io.lamassu.dms;

import java.util.List;
import java.util.Map;

/**
 * The DMS settings document in upstream's shape (upstream-notes §2.4). Every member may be omitted
 * on input; {@link DmsSettingsValidator} fills the documented defaults and validates the result.
 * Webhook credentials are write-only: responses carry {@link #REDACTED} in their place, and sending
 * that marker back keeps the stored value.
 */
public record DmsSettings(EnrollmentSettings enrollmentSettings, ReenrollmentSettings reenrollmentSettings,
                          ServerKeygenSettings serverKeygenSettings, CaDistributionSettings caDistributionSettings,
                          String issuanceProfileId, Map<String, Object> issuanceProfile) {
    public static final String REDACTED = "********";

    /**
     * The CAs whose certificates (or those of CAs below them) may become a device identity in this
     * DMS: the enrollment CA and every validation CA (enrollment, re-enrollment and additional ones,
     * which re-enrollment accepts as the current identity's issuer, upstream-notes §2.4).
     */
    public java.util.Set<String> identityCas() {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        out.add(enrollmentSettings.enrollmentCa());
        out.addAll(enrollmentSettings.estRfc7030Settings().clientCertificateSettings().validationCas());
        out.addAll(reenrollmentSettings.estRfc7030Settings().clientCertificateSettings().validationCas());
        out.addAll(reenrollmentSettings.additionalValidationCas());
        out.removeIf(id -> id == null || id.isEmpty());
        return out;
    }

    public record EnrollmentSettings(String protocol, String enrollmentCa, String registrationMode,
                                     Boolean enableReplaceableEnrollment, Boolean verifyCsrSignature,
                                     ProvisioningProfile deviceProvisioningProfile,
                                     EstSettings estRfc7030Settings) {
    }

    public record ProvisioningProfile(String icon, String iconColor, Map<String, Object> metadata, List<String> tags) {
    }

    public record EstSettings(String authMode, ClientCertificateSettings clientCertificateSettings,
                              WebhookSettings externalWebhookSettings) {
    }

    public record ClientCertificateSettings(List<String> validationCas, Integer chainLevelValidation,
                                            Boolean allowExpired) {
    }

    public record WebhookSettings(String name, String url, String method, WebhookConfig config) {
    }

    public record WebhookConfig(Boolean validateServerCert, String logLevel, String authMode, String callTimeout,
                                Oidc oidc, ApiKey apikey, Mtls mtls) {
    }

    public record Oidc(String clientId, String clientSecret, String wellKnown) {
    }

    public record ApiKey(String key, String header) {
    }

    public record Mtls(String cert, String key) {
    }

    public record ReenrollmentSettings(EstSettings estRfc7030Settings, List<String> additionalValidationCas,
                                       Boolean revokeOnReenrollment, String reenrollmentDelta,
                                       Boolean enableExpiredRenewal, String preventiveDelta, String criticalDelta) {
    }

    public record ServerKeygenSettings(Boolean enabled, KeySpec key) {
    }

    public record KeySpec(String type, Integer bits) {
    }

    public record CaDistributionSettings(Boolean includeSystemCa, Boolean includeEnrollmentCa, List<String> managedCas) {
    }
}

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

package io.lamassu.dms;

import io.lamassu.common.Durations;
import io.lamassu.common.LamassuException;
import io.lamassu.dms.DmsSettings.ApiKey;
import io.lamassu.dms.DmsSettings.CaDistributionSettings;
import io.lamassu.dms.DmsSettings.ClientCertificateSettings;
import io.lamassu.dms.DmsSettings.EnrollmentSettings;
import io.lamassu.dms.DmsSettings.EstSettings;
import io.lamassu.dms.DmsSettings.KeySpec;
import io.lamassu.dms.DmsSettings.Mtls;
import io.lamassu.dms.DmsSettings.Oidc;
import io.lamassu.dms.DmsSettings.ProvisioningProfile;
import io.lamassu.dms.DmsSettings.ReenrollmentSettings;
import io.lamassu.dms.DmsSettings.ServerKeygenSettings;
import io.lamassu.dms.DmsSettings.WebhookConfig;
import io.lamassu.dms.DmsSettings.WebhookSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Applies the documented defaults (upstream's UI form defaults, since upstream's server applies
 * none: JITP, EST RFC 7030 with client-certificate auth, chain level -1, re-enrollment delta 100d,
 * preventive 31d, critical 7d, revoke on re-enrollment, system CA distributed; server-side key
 * generation OFF, because it means the server sees device private keys) and validates: referenced
 * CAs exist, durations parse, enum values are known, critical ≤ preventive.
 */
public final class DmsSettingsValidator {
    static final Set<String> PROTOCOLS = Set.of("EST_RFC7030");
    static final Set<String> REGISTRATION_MODES = Set.of("JITP", "PRE_REGISTRATION");
    static final Set<String> AUTH_MODES = Set.of("CLIENT_CERTIFICATE", "EXTERNAL_WEBHOOK",
            "CLIENT_CERTIFICATE_AND_EXTERNAL_WEBHOOK", "NO_AUTH", "HTTP_BASIC");
    static final Set<String> WEBHOOK_AUTH = Set.of("noauth", "jwt", "apikey", "mtls");
    static final Set<String> METHODS = Set.of("GET", "POST", "PUT");
    static final Set<String> LOG_LEVELS = Set.of("", "trace", "debug", "info", "warn", "error", "none");
    static final Set<String> KEY_TYPES = Set.of("RSA", "ECDSA");
    private final Predicate<String> caExists;

    public DmsSettingsValidator(Predicate<String> caExists) {
        this.caExists = caExists;
    }

    /** Defaults filled and validated; {@code previous} supplies credentials sent back redacted. */
    public DmsSettings normalise(DmsSettings s, DmsSettings previous) {
        DmsSettings in = s == null ? new DmsSettings(null, null, null, null, null, null) : s;
        EnrollmentSettings e = enrollment(in.enrollmentSettings(), previous == null ? null
                : previous.enrollmentSettings().estRfc7030Settings());
        ReenrollmentSettings r = reenrollment(in.reenrollmentSettings(), e.estRfc7030Settings(),
                previous == null ? null : previous.reenrollmentSettings().estRfc7030Settings());
        DmsSettings out = new DmsSettings(e, r, keygen(in.serverKeygenSettings()), distribution(in.caDistributionSettings()),
                in.issuanceProfileId() == null ? "" : in.issuanceProfileId(), in.issuanceProfile());
        checkCas(out);
        return out;
    }

    private EnrollmentSettings enrollment(EnrollmentSettings e, EstSettings prevEst) {
        EnrollmentSettings in = e != null ? e : new EnrollmentSettings(null, null, null, null, null, null, null);
        String protocol = oneOf("enrollment_settings.protocol", or(in.protocol(), "EST_RFC7030"), PROTOCOLS);
        String mode = oneOf("enrollment_settings.registration_mode", or(in.registrationMode(), "JITP"),
                REGISTRATION_MODES);
        ProvisioningProfile p = in.deviceProvisioningProfile();
        ProvisioningProfile profile = new ProvisioningProfile(p == null ? "CgSmartphoneChip" : or(p.icon(), ""),
                p == null ? "#25eee2-#333333" : or(p.iconColor(), ""), p == null || p.metadata() == null ? Map.of()
                : p.metadata(), p == null || p.tags() == null ? List.of("iot") : p.tags());
        return new EnrollmentSettings(protocol, or(in.enrollmentCa(), ""), mode,
                or(in.enableReplaceableEnrollment(), false), or(in.verifyCsrSignature(), true), profile,
                est("enrollment_settings.est_rfc7030_settings", in.estRfc7030Settings(), prevEst));
    }

    private ReenrollmentSettings reenrollment(ReenrollmentSettings r, EstSettings enrollEst, EstSettings prevEst) {
        ReenrollmentSettings in = r != null ? r : new ReenrollmentSettings(null, null, null, null, null, null, null);
        String base = "reenrollment_settings.";
        String reenroll = duration(base + "reenrollment_delta", or(in.reenrollmentDelta(), "100d"));
        String preventive = duration(base + "preventive_delta", or(in.preventiveDelta(), "31d"));
        String critical = duration(base + "critical_delta", or(in.criticalDelta(), "7d"));
        if (Durations.parse(critical).compareTo(Durations.parse(preventive)) > 0) {
            throw invalid(base + "critical_delta", "must not be longer than preventive_delta (" + preventive + ")");
        }
        // Upstream's 2026-06 migration copies the enrollment auth block when the re-enrollment one is missing.
        EstSettings est = in.estRfc7030Settings() == null ? enrollEst
                : est(base + "est_rfc7030_settings", in.estRfc7030Settings(), prevEst);
        return new ReenrollmentSettings(est, list(in.additionalValidationCas()), or(in.revokeOnReenrollment(), true),
                reenroll, or(in.enableExpiredRenewal(), false), preventive, critical);
    }

    private EstSettings est(String where, EstSettings e, EstSettings prev) {
        EstSettings in = e != null ? e : new EstSettings(null, null, null);
        String auth = oneOf(where + ".auth_mode", or(in.authMode(), "CLIENT_CERTIFICATE"), AUTH_MODES);
        ClientCertificateSettings c = in.clientCertificateSettings();
        Integer chain = c == null || c.chainLevelValidation() == null ? -1 : c.chainLevelValidation();
        if (chain < -1) {
            throw invalid(where + ".client_certificate_settings.chain_level_validation", "must be -1 (any) or >= 0");
        }
        ClientCertificateSettings cert = new ClientCertificateSettings(c == null ? List.of() : list(c.validationCas()),
                chain, c != null && Boolean.TRUE.equals(c.allowExpired()));
        WebhookSettings hook = webhook(where + ".external_webhook_settings", in.externalWebhookSettings(),
                prev == null ? null : prev.externalWebhookSettings());
        if (auth.contains("WEBHOOK") && hook.url().isBlank()) {
            throw invalid(where + ".external_webhook_settings.url", "is required for auth_mode " + auth);
        }
        return new EstSettings(auth, cert, hook);
    }

    private WebhookSettings webhook(String where, WebhookSettings w, WebhookSettings prev) {
        WebhookSettings in = w != null ? w : new WebhookSettings(null, null, null, null);
        String url = or(in.url(), "");
        if (!url.isEmpty() && !url.matches("https?://\\S+")) {
            throw invalid(where + ".url", "must be an http(s) URL");
        }
        String method = oneOf(where + ".method", or(in.method(), "POST"), METHODS);
        WebhookConfig c = in.config() != null ? in.config() : new WebhookConfig(null, null, null, null, null, null, null);
        WebhookConfig p = prev == null ? null : prev.config();
        Oidc o = c.oidc() == null ? new Oidc("", "", "") : c.oidc();
        ApiKey k = c.apikey() == null ? new ApiKey("", "") : c.apikey();
        Mtls m = c.mtls() == null ? new Mtls("", "") : c.mtls();
        WebhookConfig config = new WebhookConfig(or(c.validateServerCert(), true),
                oneOf(where + ".config.log_level", or(c.logLevel(), "info"), LOG_LEVELS),
                oneOf(where + ".config.auth_mode", or(c.authMode(), "noauth"), WEBHOOK_AUTH),
                duration(where + ".config.call_timeout", or(c.callTimeout(), "10s")),
                new Oidc(or(o.clientId(), ""), secret(o.clientSecret(), p == null ? null : p.oidc().clientSecret()),
                        or(o.wellKnown(), "")),
                new ApiKey(secret(k.key(), p == null ? null : p.apikey().key()), or(k.header(), "")),
                new Mtls(or(m.cert(), ""), secret(m.key(), p == null ? null : p.mtls().key())));
        return new WebhookSettings(or(in.name(), ""), url, method, config);
    }

    private static ServerKeygenSettings keygen(ServerKeygenSettings k) {
        ServerKeygenSettings in = k != null ? k : new ServerKeygenSettings(null, null);
        KeySpec key = in.key() != null ? in.key() : new KeySpec(null, null);
        String type = oneOf("server_keygen_settings.key.type", or(key.type(), "RSA"), KEY_TYPES);
        int bits = key.bits() == null ? (type.equals("RSA") ? 4096 : 256) : key.bits();
        Set<Integer> allowed = type.equals("RSA") ? Set.of(2048, 3072, 4096) : Set.of(256, 384, 521);
        if (!allowed.contains(bits)) {
            throw invalid("server_keygen_settings.key.bits", "must be one of " + allowed + " for " + type);
        }
        return new ServerKeygenSettings(or(in.enabled(), false), new KeySpec(type, bits));
    }

    private static CaDistributionSettings distribution(CaDistributionSettings d) {
        CaDistributionSettings in = d != null ? d : new CaDistributionSettings(null, null, null);
        return new CaDistributionSettings(or(in.includeSystemCa(), true), or(in.includeEnrollmentCa(), false),
                list(in.managedCas()));
    }

    private void checkCas(DmsSettings s) {
        checkCa("enrollment_settings.enrollment_ca", s.enrollmentSettings().enrollmentCa());
        for (String ca : s.enrollmentSettings().estRfc7030Settings().clientCertificateSettings().validationCas()) {
            checkCa("enrollment_settings.est_rfc7030_settings.client_certificate_settings.validation_cas", ca);
        }
        for (String ca : s.reenrollmentSettings().estRfc7030Settings().clientCertificateSettings().validationCas()) {
            checkCa("reenrollment_settings.est_rfc7030_settings.client_certificate_settings.validation_cas", ca);
        }
        for (String ca : s.reenrollmentSettings().additionalValidationCas()) {
            checkCa("reenrollment_settings.additional_validation_cas", ca);
        }
        for (String ca : s.caDistributionSettings().managedCas()) {
            checkCa("ca_distribution_settings.managed_cas", ca);
        }
    }

    private void checkCa(String where, String caId) {
        if (caId != null && !caId.isEmpty() && !caExists.test(caId)) {
            throw LamassuException.badRequest("DMS_CA_NOT_FOUND", "settings." + where + ": CA '" + caId
                    + "' does not exist");
        }
    }

    /** Deltas used by the device lifecycle (seconds resolution, e.g. "90s"). */
    public static Duration preventive(DmsSettings s) {
        return Durations.parse(s.reenrollmentSettings().preventiveDelta());
    }

    public static Duration critical(DmsSettings s) {
        return Durations.parse(s.reenrollmentSettings().criticalDelta());
    }

    /**
     * The CAs whose certificates (or those of CAs below them) may become a device identity in this
     * DMS: the enrollment CA and every validation CA (enrollment, re-enrollment and additional ones,
     * which re-enrollment accepts as the current identity's issuer, upstream-notes §2.4).
     */
    public static Set<String> identityCas(DmsSettings s) {
        Set<String> out = new java.util.LinkedHashSet<>();
        out.add(s.enrollmentSettings().enrollmentCa());
        out.addAll(s.enrollmentSettings().estRfc7030Settings().clientCertificateSettings().validationCas());
        out.addAll(s.reenrollmentSettings().estRfc7030Settings().clientCertificateSettings().validationCas());
        out.addAll(s.reenrollmentSettings().additionalValidationCas());
        out.removeIf(id -> id == null || id.isEmpty());
        return out;
    }

    /** The settings as shown to callers: webhook credentials replaced by the redaction marker. */
    public static DmsSettings redacted(DmsSettings s) {
        EnrollmentSettings e = s.enrollmentSettings();
        ReenrollmentSettings r = s.reenrollmentSettings();
        return new DmsSettings(new EnrollmentSettings(e.protocol(), e.enrollmentCa(), e.registrationMode(),
                e.enableReplaceableEnrollment(), e.verifyCsrSignature(), e.deviceProvisioningProfile(),
                redact(e.estRfc7030Settings())), new ReenrollmentSettings(redact(r.estRfc7030Settings()),
                r.additionalValidationCas(), r.revokeOnReenrollment(), r.reenrollmentDelta(), r.enableExpiredRenewal(),
                r.preventiveDelta(), r.criticalDelta()), s.serverKeygenSettings(), s.caDistributionSettings(),
                s.issuanceProfileId(), s.issuanceProfile());
    }

    private static EstSettings redact(EstSettings est) {
        WebhookSettings w = est.externalWebhookSettings();
        WebhookConfig c = w.config();
        WebhookConfig hidden = new WebhookConfig(c.validateServerCert(), c.logLevel(), c.authMode(), c.callTimeout(),
                new Oidc(c.oidc().clientId(), mask(c.oidc().clientSecret()), c.oidc().wellKnown()),
                new ApiKey(mask(c.apikey().key()), c.apikey().header()), new Mtls(c.mtls().cert(), mask(c.mtls().key())));
        return new EstSettings(est.authMode(), est.clientCertificateSettings(),
                new WebhookSettings(w.name(), w.url(), w.method(), hidden));
    }

    private static String mask(String secret) {
        return secret == null || secret.isEmpty() ? "" : DmsSettings.REDACTED;
    }

    private static String secret(String given, String stored) {
        if (DmsSettings.REDACTED.equals(given)) {
            return stored == null ? "" : stored;
        }
        return given == null ? "" : given;
    }

    private static String duration(String where, String value) {
        try {
            Durations.parse(value);
            return value;
        } catch (LamassuException e) {
            throw invalid(where, e.getMessage());
        }
    }

    private static String oneOf(String where, String value, Set<String> allowed) {
        if (!allowed.contains(value)) {
            throw invalid(where, "unknown value '" + value + "'; expected one of " + new java.util.TreeSet<>(allowed));
        }
        return value;
    }

    private static LamassuException invalid(String where, String why) {
        return LamassuException.badRequest("INVALID_DMS_SETTINGS", "settings." + where + ": " + why);
    }

    private static <T> T or(T v, T dflt) {
        return v == null ? dflt : v;
    }

    private static List<String> list(List<String> v) {
        if (v != null && v.stream().anyMatch(x -> x == null || x.isBlank())) {
            throw LamassuException.badRequest("INVALID_DMS_SETTINGS", "settings: CA id lists must not hold empty items");
        }
        return v == null ? List.of() : List.copyOf(v);
    }
}

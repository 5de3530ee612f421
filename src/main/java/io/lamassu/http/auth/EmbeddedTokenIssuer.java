package io.lamassu.http.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.lamassu.storage.files.SecretFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The embedded token issuer: an ES256 key kept in the data directory (0600), used by
 * {@code lamassu token} to mint tokens that the server verifies like any OIDC provider's.
 */
public final class EmbeddedTokenIssuer {
    public static final String KEY_FILE = "token-signing-key.jwk";
    public static final String KEY_ENV = "LAMASSU_TOKEN_SIGNING_KEY";
    private final ECKey key;
    private final String issuer;
    private final String audience;
    private final Clock clock;

    private EmbeddedTokenIssuer(ECKey key, String issuer, String audience, Clock clock) {
        this.key = key;
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }

    public static EmbeddedTokenIssuer loadOrCreate(Path dataDir, String issuer, String audience, Clock clock) {
        return loadOrCreate(dataDir, issuer, audience, clock, System.getenv(KEY_ENV));
    }

    /**
     * From {@code envValue} (the private JWK as JSON; instances given the same value accept each
     * other's tokens without sharing a data directory) when set, else from the data directory's
     * file, else generated there.
     */
    public static EmbeddedTokenIssuer loadOrCreate(Path dataDir, String issuer, String audience, Clock clock,
                                                   String envValue) {
        Path file = dataDir.resolve(KEY_FILE);
        try {
            ECKey key;
            if (envValue != null && !envValue.isBlank()) {
                key = ECKey.parse(envValue.strip());
                if (!key.isPrivate() || !Curve.P_256.equals(key.getCurve())) {
                    throw new IllegalStateException(KEY_ENV + " must be a private P-256 EC JWK (as in " + KEY_FILE + ")");
                }
            } else if (Files.exists(file)) {
                key = ECKey.parse(Files.readString(file));
            } else {
                key = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
                SecretFiles.writeOwnerOnly(file, key.toJSONString());
            }
            return new EmbeddedTokenIssuer(key, issuer, audience, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("token signing key (" + KEY_ENV + " or " + file + ") is unusable", e);
        }
    }

    public ECKey publicKey() {
        return key.toPublicJWK();
    }

    public String issuer() {
        return issuer;
    }

    public String audience() {
        return audience;
    }

    /** A token for {@code subject} with the given roles, in Keycloak's {@code realm_access.roles} claim. */
    public String mint(String subject, List<String> roles, Duration ttl) {
        Date now = Date.from(clock.instant());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer).audience(audience).subject(subject)
                .issueTime(now).notBeforeTime(now)
                .expirationTime(Date.from(clock.instant().plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .claim("realm_access", Map.of("roles", roles))
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign token", e);
        }
    }
}

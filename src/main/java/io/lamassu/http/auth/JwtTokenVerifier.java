package io.lamassu.http.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.lamassu.common.Actor;
import io.lamassu.common.LamassuException;
import io.lamassu.config.LamassuConfig;
import io.lamassu.http.TokenVerifier;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Verifies bearer JWTs in-process: signature (embedded issuer key, or the external provider's
 * JWKS with nimbus's caching and key-rotation handling), {@code exp}/{@code nbf} against the
 * injected clock, {@code iss} and {@code aud}. Roles come from a configurable claim path.
 */
public final class JwtTokenVerifier implements TokenVerifier {
    private static final Set<JWSAlgorithm> ALGS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.EdDSA);
    private final Map<String, DefaultJWTProcessor<SecurityContext>> processors = new java.util.HashMap<>();
    private final LamassuConfig.Auth cfg;
    private final Clock clock;
    /**
     * Verifying an ES256 signature through the JDK costs 1–3 ms per request on this machine
     * (BENCHMARKS.md), more than signing a certificate. A token is immutable, so one that verified
     * is remembered until its exp, but at most {@link #REMEMBER} (bounding how long a rotated-out
     * JWKS key keeps working); the map is cleared when it grows past {@link #CACHE_LIMIT}.
     */
    private final Map<String, Verified> verified = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.time.Duration REMEMBER = java.time.Duration.ofMinutes(5);
    private static final int CACHE_LIMIT = 10_000;

    private record Verified(Actor actor, java.time.Instant until) {
    }

    public JwtTokenVerifier(EmbeddedTokenIssuer embedded, LamassuConfig.Auth cfg, Clock clock) {
        this.cfg = cfg;
        this.clock = clock;
        processors.put(embedded.issuer(), processor(new ImmutableJWKSet<>(new JWKSet(embedded.publicKey())),
                embedded.issuer(), embedded.audience(), clock));
        if (cfg.jwksUrl() != null && !cfg.jwksUrl().isBlank()) {
            processors.put(cfg.externalIssuer(), processor(remote(cfg.jwksUrl()), cfg.externalIssuer(),
                    cfg.audience(), clock));
        }
    }

    private static JWKSource<SecurityContext> remote(String url) {
        try {
            return JWKSourceBuilder.create(URI.create(url).toURL()).retrying(true).build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("auth.jwks_url is not a URL: " + url, e);
        }
    }

    private static DefaultJWTProcessor<SecurityContext> processor(JWKSource<SecurityContext> keys, String issuer,
                                                                  String audience, Clock clock) {
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGS, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(audience,
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("exp", "sub")) {
            @Override
            protected java.util.Date currentTime() {
                return java.util.Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew(30);
        p.setJWTClaimsSetVerifier(claims);
        return p;
    }

    @Override
    public Actor verify(String token) {
        java.time.Instant now = clock.instant();
        Verified hit = verified.get(token);
        if (hit != null && now.isBefore(hit.until())) {
            return hit.actor();
        }
        Verified fresh = verifySignatureAndClaims(token, now);
        if (verified.size() >= CACHE_LIMIT) {
            verified.clear();
        }
        verified.put(token, fresh);
        return fresh.actor();
    }

    private Verified verifySignatureAndClaims(String token, java.time.Instant now) {
        try {
            String iss = SignedJWT.parse(token).getJWTClaimsSet().getIssuer();
            DefaultJWTProcessor<SecurityContext> p = processors.get(iss);
            if (p == null) {
                throw invalid("token issuer is not trusted");
            }
            JWTClaimsSet claims = p.process(token, null);
            java.time.Instant until = now.plus(REMEMBER);
            if (claims.getExpirationTime().toInstant().isBefore(until)) {
                until = claims.getExpirationTime().toInstant();
            }
            return new Verified(new Actor("jwt", claims.getSubject(), roles(claims)), until);
        } catch (ParseException e) {
            throw invalid("token is malformed");
        } catch (BadJOSEException e) {
            throw invalid("token rejected: " + e.getMessage());
        } catch (JOSEException e) {
            throw invalid("token could not be verified");
        }
    }

    private Set<String> roles(JWTClaimsSet claims) {
        Object node = claims.getClaims();
        for (String part : cfg.rolesClaim().split("\\.")) {
            node = node instanceof Map<?, ?> m ? m.get(part) : null;
        }
        Set<String> out = new HashSet<>();
        if (node instanceof Collection<?> c) {
            for (Object role : c) {
                String mapped = cfg.roleMapping().get(String.valueOf(role));
                if (mapped != null) {
                    out.add(mapped.toUpperCase(Locale.ROOT));
                }
            }
        }
        return out;
    }

    private static LamassuException invalid(String message) {
        return LamassuException.unauthorized("INVALID_TOKEN", message);
    }

    static List<String> knownRoles() {
        return List.of("admin", "operator", "viewer");
    }
}

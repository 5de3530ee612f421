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

    public JwtTokenVerifier(EmbeddedTokenIssuer embedded, LamassuConfig.Auth cfg, Clock clock) {
        this.cfg = cfg;
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
        try {
            String iss = SignedJWT.parse(token).getJWTClaimsSet().getIssuer();
            DefaultJWTProcessor<SecurityContext> p = processors.get(iss);
            if (p == null) {
                throw invalid("token issuer is not trusted");
            }
            JWTClaimsSet claims = p.process(token, null);
            return new Actor("jwt", claims.getSubject(), roles(claims));
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
                    out.add(mapped.toUpperCase());
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

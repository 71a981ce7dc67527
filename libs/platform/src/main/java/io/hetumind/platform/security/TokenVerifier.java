package io.hetumind.platform.security;

import io.hetumind.platform.config.AuthConfig;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.VerificationKeyResolver;

/**
 * Verifies Hetumind access tokens: RS256 only, signed by a key IAM publishes, right issuer and audience, not expired,
 * not revoked ({@link RevocationList}: by its {@code jti}, its session {@code sid} or its subject, e.g. a revoked API
 * key); exposes {@code roles} as the principal's groups. A token verified once is
 * remembered until it expires, so the studio's per-request check is a map lookup, not an RSA verification.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class TokenVerifier extends JWTCallerPrincipalFactory {
    private record Verified(
            JWTCallerPrincipal principal, JwtClaims claims, long expires, UUID jti, UUID sid, UUID sub) {}

    private final JwtConsumer consumer;
    private final RevocationList revocations;
    private final long skew;
    private final int cacheSize;
    private final Map<String, Verified> cache = new ConcurrentHashMap<>();

    public TokenVerifier(AuthConfig config, VerificationKeyResolver keys, RevocationList revocations) {
        this.revocations = revocations;
        this.skew = config.clockSkew().toSeconds();
        this.cacheSize = config.verifiedCacheSize();
        this.consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .setRequireJwtId()
                .setAllowedClockSkewInSeconds((int) skew)
                .setExpectedIssuer(config.issuer())
                .setExpectedAudience(config.audience())
                .setJwsAlgorithmConstraints(
                        AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setVerificationKeyResolver(keys)
                .build();
    }

    /**
     * The principal of {@code token}; throws if anything about it is wrong. The principal of a token seen before is
     * the same (read-only) object.
     */
    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo ignored) throws ParseException {
        return verified(token).principal();
    }

    /**
     * The claims of {@code token}, checked exactly as {@link #parse} checks it (revocation included), for callers
     * outside HTTP authentication such as the task-server's agent WebSocket upgrade. Read them, never change them.
     */
    public JwtClaims verify(String token) throws ParseException {
        return verified(token).claims();
    }

    private Verified verified(String token) throws ParseException {
        Verified v = cache.get(token);
        if (v == null) {
            v = check(token);
            if (cacheSize > 0) {
                if (cache.size() >= cacheSize) {
                    cache.clear(); // crude but bounded: a flood of distinct tokens cannot grow the heap
                }
                cache.put(token, v);
            }
        } else if (v.expires() + skew <= Instant.now().getEpochSecond()) { // as jose4j: invalid from exp on
            cache.remove(token);
            throw new ParseException("token rejected: expired");
        }
        if (revoked(v.jti()) || revoked(v.sid()) || revoked(v.sub())) {
            throw new ParseException("token rejected: revoked");
        }
        return v;
    }

    private Verified check(String token) throws ParseException {
        try {
            JwtClaims claims = consumer.processToClaims(token);
            if (claims.hasClaim(Claims.ROLES)) {
                claims.setStringListClaim("groups", claims.getStringListClaimValue(Claims.ROLES));
            } else {
                claims.setStringListClaim("groups", List.of());
            }
            long expires = claims.getExpirationTime().getValue();
            UUID jti = uuid(claims.getJwtId());
            UUID sid = uuid(claims.getClaimValueAsString(Claims.SESSION));
            UUID sub = uuid(claims.getSubject());
            // the principal turns its claims into JSON-P values in place: keep plain ones for verify()
            JwtClaims plain = JwtClaims.parse(claims.toJson());
            return new Verified(new DefaultJWTCallerPrincipal(token, "JWT", claims), plain, expires, jti, sid, sub);
        } catch (InvalidJwtException | MalformedClaimException e) {
            // The reason stays in the server log at debug level; clients only learn the token was refused.
            throw new ParseException("token rejected: " + e.getMessage(), e);
        }
    }

    private boolean revoked(UUID id) {
        return id != null && revocations.revoked(id);
    }

    private static UUID uuid(String value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

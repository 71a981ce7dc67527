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
import java.util.List;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.VerificationKeyResolver;

/**
 * Verifies Hetumind access tokens: RS256 only, signed by a key IAM publishes, right issuer and audience, not
 * expired; exposes {@code roles} as the principal's groups.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class TokenVerifier extends JWTCallerPrincipalFactory {
    private final JwtConsumer consumer;

    public TokenVerifier(AuthConfig config, VerificationKeyResolver keys) {
        this.consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .setRequireJwtId()
                .setAllowedClockSkewInSeconds((int) config.clockSkew().toSeconds())
                .setExpectedIssuer(config.issuer())
                .setExpectedAudience(config.audience())
                .setJwsAlgorithmConstraints(
                        AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setVerificationKeyResolver(keys)
                .build();
    }

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo ignored) throws ParseException {
        return new DefaultJWTCallerPrincipal(token, "JWT", verify(token));
    }

    /** The verified claims of {@code token}; throws if anything about it is wrong. */
    public JwtClaims verify(String token) throws ParseException {
        try {
            JwtClaims claims = consumer.processToClaims(token);
            if (claims.hasClaim(Claims.ROLES)) {
                claims.setStringListClaim("groups", claims.getStringListClaimValue(Claims.ROLES));
            } else {
                claims.setStringListClaim("groups", List.of());
            }
            return claims;
        } catch (InvalidJwtException | MalformedClaimException e) {
            // The reason stays in the server log at debug level; clients only learn the token was refused.
            throw new ParseException("token rejected: " + e.getMessage(), e);
        }
    }
}

package io.hetumind.iam.security;

import io.hetumind.iam.config.IamConfig;
import io.hetumind.platform.id.Ids;
import io.hetumind.platform.security.Claims;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Signs RS256 access tokens with the active key: {@code sub}, {@code tenant}, {@code roles}, {@code perms}. */
@ApplicationScoped
public class TokenIssuer {
    private final KeyRing keys;
    private final IamConfig config;

    public TokenIssuer(KeyRing keys, IamConfig config) {
        this.keys = keys;
        this.config = config;
    }

    /** A signed access token for {@code subject} acting in {@code tenant}. */
    public String access(
            String kind, UUID subject, UUID tenant, List<String> roles, List<String> perms, Map<String, String> extra) {
        long now = Instant.now().getEpochSecond();
        KeyRing.SigningKey key = keys.active();
        JwtClaimsBuilder claims = Jwt.issuer(config.issuer())
                .audience(config.audience())
                .subject(subject.toString())
                .issuedAt(now)
                .expiresAt(now + ttlSeconds())
                .claim("jti", Ids.next().toString())
                .claim(Claims.KIND, kind)
                .claim(Claims.TENANT, tenant.toString())
                .claim(Claims.ROLES, roles)
                .claim(Claims.PERMS, perms);
        extra.forEach(claims::claim);
        return claims.jws().keyId(key.kid()).sign(key.privateKey());
    }

    public long ttlSeconds() {
        return config.accessTokenTtl().toSeconds();
    }
}

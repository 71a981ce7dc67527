package io.hetumind.bench;

import io.hetumind.platform.config.AuthConfig;
import io.hetumind.platform.security.RevocationList;
import io.hetumind.platform.security.TokenVerifier;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What every service pays to check a Hetumind access token ({@code libs/platform} {@link TokenVerifier}): the first
 * time a token is seen (RS256 signature, claims, revocation lookup) and every later time (remembered principal plus
 * the revocation lookup). Keys are in memory, as after the JWKS has been fetched once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenVerifyBenchmark {
    private TokenVerifier uncached;
    private TokenVerifier cached;
    private String token;

    @Setup
    public void setup() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        var pair = gen.generateKeyPair();
        RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) pair.getPublic());
        jwk.setKeyId("k1");
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("hetumind-iam");
        claims.setAudience("hetumind");
        claims.setSubject(UUID.randomUUID().toString());
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setIssuedAtToNow();
        claims.setExpirationTime(
                org.jose4j.jwt.NumericDate.fromSeconds(Instant.now().getEpochSecond() + 3600));
        claims.setClaim("tenant", UUID.randomUUID().toString());
        claims.setClaim("sid", UUID.randomUUID().toString());
        claims.setStringListClaim("roles", List.of("owner"));
        claims.setStringListClaim("perms", List.of("workflow:read", "workflow:write", "user:read"));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(pair.getPrivate());
        jws.setKeyIdHeaderValue("k1");
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        token = jws.getCompactSerialization();
        var keys = new JwksVerificationKeyResolver(List.of(jwk));
        // No database here: the list is empty, as in a service where nothing was revoked yet; lookups still run.
        RevocationList revocations = new RevocationList(config(0), ConfigProvider.getConfig(), null);
        uncached = new TokenVerifier(config(0), keys, revocations);
        cached = new TokenVerifier(config(10_000), keys, revocations);
        cached.parse(token, null);
    }

    @Benchmark
    public Object firstSight() throws Exception {
        return uncached.parse(token, null);
    }

    @Benchmark
    public Object seenBefore() throws Exception {
        return cached.parse(token, null);
    }

    private static AuthConfig config(int cacheSize) {
        return new AuthConfig() {
            public String jwksUrl() {
                return "http://127.0.0.1:0/unused";
            }

            public String issuer() {
                return "hetumind-iam";
            }

            public String audience() {
                return "hetumind";
            }

            public Duration clockSkew() {
                return Duration.ofSeconds(5);
            }

            public Duration jwksCache() {
                return Duration.ofMinutes(10);
            }

            public Optional<String> revocationDbUrl() {
                return Optional.empty();
            }

            public int verifiedCacheSize() {
                return cacheSize;
            }
        };
    }
}

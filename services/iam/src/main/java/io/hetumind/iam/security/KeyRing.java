package io.hetumind.iam.security;

import io.hetumind.iam.config.IamConfig;
import io.hetumind.iam.repository.SigningKeyRepository;
import io.hetumind.platform.id.Ids;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * IAM's RS256 signing keys: generated on first start, stored encrypted, rotated by age or on request; retired keys
 * stay published (and verify) until every token they signed has expired.
 */
@ApplicationScoped
public class KeyRing implements VerificationKeyResolver {
    private static final Logger LOG = Logger.getLogger(KeyRing.class);

    /** The key new tokens are signed with. */
    public record SigningKey(String kid, PrivateKey privateKey, Instant createdAt) {}

    private record State(SigningKey active, Map<String, Key> publicKeys, String jwks) {}

    private final SigningKeyRepository store;
    private final MasterKey masterKey;
    private final IamConfig config;
    private final Vertx vertx;
    private volatile State state = new State(null, Map.of(), "{\"keys\":[]}");

    public KeyRing(SigningKeyRepository store, MasterKey masterKey, IamConfig config, Vertx vertx) {
        this.store = store;
        this.masterKey = masterKey;
        this.config = config;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        refresh().await().atMost(Duration.ofSeconds(60));
        vertx.setPeriodic(config.keyReload().toMillis(), id -> refresh()
                .subscribe()
                .with(ok -> {}, e -> LOG.warnf("reloading signing keys failed: %s", e.getMessage())));
    }

    /** Reloads the keys and rotates when there is no active key or it has grown too old. */
    public Uni<Void> refresh() {
        return reload().chain(() -> {
            SigningKey active = state.active();
            boolean stale = active == null
                    || active.createdAt().plus(config.keyRotation()).isBefore(Instant.now());
            return stale ? rotate().replaceWithVoid() : Uni.createFrom().voidItem();
        });
    }

    public SigningKey active() {
        SigningKey key = state.active();
        if (key == null) {
            throw new IllegalStateException("no signing key loaded yet");
        }
        return key;
    }

    /** The public JWKS document. */
    public String jwks() {
        return state.jwks();
    }

    /** Generates a new key, makes it the signing key and retires the previous one; returns its kid. */
    public Uni<String> rotate() {
        return vertx.executeBlocking(Uni.createFrom().item(this::generate)).chain(row -> store.replaceActive(row)
                .chain(this::reload)
                .invoke(() -> LOG.infof("signing key rotated; new kid %s", row.getString(0)))
                .replaceWith(row.getString(0)));
    }

    @Override
    public Key resolveKey(JsonWebSignature jws, List<JsonWebStructure> nesting) throws UnresolvableKeyException {
        String kid = jws.getKeyIdHeaderValue();
        Key key = kid == null ? null : state.publicKeys().get(kid);
        if (key == null) {
            throw new UnresolvableKeyException("unknown key id");
        }
        return key;
    }

    private Uni<Void> reload() {
        Duration grace = config.accessTokenTtl().plusMinutes(1);
        return store.live(Instant.now().minus(grace))
                .invoke(rows -> {
                    Map<String, Key> keys = new HashMap<>();
                    List<String> jwks = new ArrayList<>();
                    SigningKey active = null;
                    for (Row r : rows) {
                        String kid = r.getString("kid");
                        keys.put(kid, publicKey(r.getString("public_jwk")));
                        jwks.add(r.getString("public_jwk"));
                        if (r.getValue("retired_at") == null) {
                            active = new SigningKey(
                                    kid,
                                    privateKey(r.getBuffer("private_key_enc").getBytes(), kid),
                                    r.getOffsetDateTime("created_at").toInstant());
                        }
                    }
                    state = new State(active, Map.copyOf(keys), "{\"keys\":[" + String.join(",", jwks) + "]}");
                })
                .replaceWithVoid();
    }

    private Tuple generate() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            KeyPair pair = gen.generateKeyPair();
            String kid = Ids.next().toString();
            RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) pair.getPublic());
            jwk.setKeyId(kid);
            jwk.setAlgorithm("RS256");
            jwk.setUse("sig");
            byte[] sealed = masterKey.encrypt(pair.getPrivate().getEncoded(), kid);
            return Tuple.of(
                    kid,
                    jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY),
                    io.vertx.core.buffer.Buffer.buffer(sealed));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
    }

    private static Key publicKey(String json) {
        try {
            return PublicJsonWebKey.Factory.newPublicJwk(json).getPublicKey();
        } catch (JoseException e) {
            throw new IllegalStateException("a stored public key is not a JWK", e);
        }
    }

    private PrivateKey privateKey(byte[] sealed, String kid) {
        try {
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(masterKey.decrypt(sealed, kid)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("a stored private key is unreadable", e);
        }
    }
}

package io.hetumind.studio.trigger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.hetumind.studio.testsupport.Fixtures;
import io.hetumind.studio.workflow.StoredWorkflow;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

/** The Webhook node's jwtAuth, ignoreBots and allowedOrigins (CORS, preflight included) options. */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class WebhookOptionsTest {
    @Inject
    Triggers triggers;

    @Inject
    DataSource db;

    private final Iam iam = Iam.newTenant();
    private final UUID tenant = Fixtures.tenantOf(iam.ownerToken());

    private static String unique(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A Webhook (lastNode, firstEntryJson) answering with its own item; {@code extra} joins its parameters. */
    private String activate(String path, String extra, String credentials) {
        String json =
                """
                {"name":"options","nodes":[
                 {"id":"1","name":"Webhook","type":"n8n-nodes-base.webhook","typeVersion":2,"position":[0,0],%s
                  "parameters":{"path":"%s","httpMethod":"POST","responseMode":"lastNode","responseData":"firstEntryJson"%s}}],
                 "connections":{}}
                """
                        .formatted(credentials == null ? "" : "\"credentials\":" + credentials + ",", path, extra);
        StoredWorkflow wf = Fixtures.save(db, tenant, json);
        QuarkusTransaction.requiringNew().run(() -> triggers.activate(wf));
        return "/webhook/" + path;
    }

    private String credential(String type, Map<String, Object> data) {
        return given().auth()
                .oauth2(iam.ownerToken())
                .contentType("application/json")
                .body(Map.of("name", unique(type), "type", type, "data", data, "sharing", Map.of("tenant", true)))
                .post("/api/v1/credentials")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static String sign(Key key, String alg, JwtClaims claims) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(alg);
        jws.setDoKeyValidation(false);
        return jws.getCompactSerialization();
    }

    private static JwtClaims claims(String sub, int expiresInSeconds) {
        JwtClaims c = new JwtClaims();
        c.setSubject(sub);
        c.setClaim("role", "caller");
        NumericDate exp = NumericDate.now();
        exp.addSeconds(expiresInSeconds);
        c.setExpirationTime(exp);
        return c;
    }

    @Test
    void jwtAuthWithAPassphraseVerifiesBearerTokensAndHandsOnTheirClaims() throws Exception {
        String secret = "webhook-passphrase-" + UUID.randomUUID();
        String cred = credential("jwtAuth", Map.of("keyType", "passphrase", "secret", secret, "algorithm", "HS256"));
        String url = activate(
                unique("jwt"),
                ",\"authentication\":\"jwtAuth\"",
                "{\"jwtAuth\":{\"id\":\"" + cred + "\",\"name\":\"jwt\"}}");
        Key key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");

        given().post(url).then().statusCode(401).body("detail", equalTo("No token provided"));
        given().header("Authorization", "Bearer")
                .post(url)
                .then()
                .statusCode(401)
                .body("detail", equalTo("No token provided"));
        given().header("Authorization", "Bearer not.a.jwt")
                .post(url)
                .then()
                .statusCode(403)
                .body("detail", equalTo("jwt malformed"));
        Key wrong =
                new SecretKeySpec("another-passphrase-entirely-32b!".getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        given().header("Authorization", "Bearer " + sign(wrong, "HS256", claims("eve", 60)))
                .post(url)
                .then()
                .statusCode(403)
                .body("detail", equalTo("invalid signature"));
        given().header("Authorization", "Bearer " + sign(key, "HS256", claims("ada", -60)))
                .post(url)
                .then()
                .statusCode(403)
                .body("detail", equalTo("jwt expired"));
        Key key512 = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA512");
        given().header("Authorization", "Bearer " + sign(key512, "HS512", claims("ada", 60)))
                .post(url)
                .then()
                .statusCode(403)
                .body("detail", equalTo("invalid algorithm"));

        given().header("Authorization", "Bearer " + sign(key, "HS256", claims("ada", 60)))
                .contentType("application/json")
                .body(Map.of("n", 1))
                .post(url)
                .then()
                .statusCode(200)
                .body("jwtPayload.sub", equalTo("ada"))
                .body("jwtPayload.role", equalTo("caller"))
                .body("body.n", equalTo(1));
    }

    @Test
    void jwtAuthWithAPemPublicKeyVerifiesRs256Tokens() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair pair = gen.generateKeyPair();
        KeyPair other = gen.generateKeyPair();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        String cred = credential("jwtAuth", Map.of("keyType", "pemKey", "publicKey", pem, "algorithm", "RS256"));
        String url = activate(
                unique("jwt-rsa"),
                ",\"authentication\":\"jwtAuth\"",
                "{\"jwtAuth\":{\"id\":\"" + cred + "\",\"name\":\"jwt\"}}");
        given().header("Authorization", "Bearer " + sign(other.getPrivate(), "RS256", claims("eve", 60)))
                .post(url)
                .then()
                .statusCode(403)
                .body("detail", equalTo("invalid signature"));
        given().header("Authorization", "Bearer " + sign(pair.getPrivate(), "RS256", claims("bo", 60)))
                .post(url)
                .then()
                .statusCode(200)
                .body("jwtPayload.sub", equalTo("bo"));
    }

    @Test
    void ignoreBotsRefusesCrawlersOnlyWhenAskedTo() {
        String strict = activate(unique("bots"), ",\"options\":{\"ignoreBots\":true}", null);
        String open = activate(unique("bots-ok"), ",\"options\":{}", null);
        String googlebot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
        String browser =
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";
        given().header("User-Agent", googlebot)
                .post(strict)
                .then()
                .statusCode(403)
                .body("detail", equalTo("Authorization data is wrong!"));
        given().header("User-Agent", "facebookexternalhit/1.1")
                .post(strict)
                .then()
                .statusCode(403);
        given().header("User-Agent", browser).post(strict).then().statusCode(200);
        given().header("User-Agent", googlebot).post(open).then().statusCode(200);
    }

    @Test
    void allowedOriginsAnswerPreflightsAndRequestsAsN8nDoes() {
        String listed = activate(
                unique("cors"), ",\"options\":{\"allowedOrigins\":\"https://a.example, https://b.example\"}", null);
        String any = activate(unique("cors-any"), ",\"options\":{}", null);

        given().header("Origin", "https://b.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "x-custom, content-type")
                .options(listed)
                .then()
                .statusCode(204)
                .header("access-control-allow-origin", "https://b.example")
                .header("access-control-allow-methods", "OPTIONS, POST")
                .header("access-control-max-age", "300")
                .header("access-control-allow-headers", "x-custom, content-type");
        // an origin not listed gets the first listed one, so the browser refuses the answer
        given().header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .options(listed)
                .then()
                .statusCode(204)
                .header("access-control-allow-origin", "https://a.example");
        given().header("Origin", "https://evil.example")
                .post(listed)
                .then()
                .statusCode(200)
                .header("access-control-allow-origin", "https://a.example");
        given().header("Origin", "https://a.example")
                .post(listed)
                .then()
                .statusCode(200)
                .header("access-control-allow-origin", "https://a.example");
        // the default '*' echoes the caller's origin
        given().header("Origin", "https://anywhere.example")
                .post(any)
                .then()
                .statusCode(200)
                .header("access-control-allow-origin", "https://anywhere.example");
        // no Origin: no CORS headers
        given().post(any).then().statusCode(200).header("access-control-allow-origin", nullValue());
        // a preflight for a path nobody registered is n8n's 404
        given().header("Origin", "https://a.example")
                .header("Access-Control-Request-Method", "POST")
                .options("/webhook/" + unique("nobody"))
                .then()
                .statusCode(404);
        assertThat(listed).isNotEqualTo(any);
    }
}

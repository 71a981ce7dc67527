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

/**
 * The Webhook node's jwtAuth, ignoreBots, allowedOrigins (CORS, preflight included), IP allowlist and response options
 * (Response Code, No Response Body, Response Headers, Property Name).
 */
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

    /** The executions a workflow has, through the API. */
    private int executionsOf(UUID workflow) {
        return given().auth()
                .oauth2(iam.ownerToken())
                .get("/api/v1/executions?workflowId=" + workflow)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items")
                .size();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private StoredWorkflow activateVersion(String path, double version, String parameters) {
        String json =
                """
                {"name":"options","nodes":[
                 {"id":"1","name":"Webhook","type":"n8n-nodes-base.webhook","typeVersion":%s,"position":[0,0],
                  "parameters":{"path":"%s","httpMethod":"POST"%s}},
                 {"id":"2","name":"Shape","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[200,0],
                  "parameters":{"mode":"raw","jsonOutput":"={{ JSON.stringify({data: {inner: [{x: 7}], word: 'hi'}, n: $json.body.n}) }}"}}],
                 "connections":{"Webhook":{"main":[[{"node":"Shape","type":"main","index":0}]]}}}
                """
                        .formatted(version, path, parameters);
        StoredWorkflow wf = Fixtures.save(db, tenant, json);
        QuarkusTransaction.requiringNew().run(() -> triggers.activate(wf));
        return wf;
    }

    @Test
    void ipAllowlistLetsInListedAddressesAndRangesOnlyAndRunsNothingForOthers() {
        // the tests' studio believes X-Forwarded-For from loopback: a trusted proxy names each caller
        String path = unique("ips");
        StoredWorkflow wf = activateVersion(
                path,
                2,
                ",\"options\":{\"ipWhitelist\":\" 10.1.2.3, 192.168.0.0/16,2001:db8::/32, not-an-ip, 1.2.3.4/99\"}");
        String url = "/webhook/" + path;
        for (String allowed : new String[] {"10.1.2.3", "192.168.44.5", "2001:db8:0:1::7"}) {
            given().header("X-Forwarded-For", allowed)
                    .post(url)
                    .then()
                    .statusCode(200)
                    .body("message", equalTo("Workflow was started"));
        }
        for (String refused : new String[] {"10.1.2.4", "192.169.0.1", "2001:db9::1", "1.2.3.4", "::1"}) {
            given().header("X-Forwarded-For", refused)
                    .contentType("application/json")
                    .body(Map.of("n", 1))
                    .post(url)
                    .then()
                    .statusCode(403)
                    .body("detail", equalTo("IP is not allowed to access the webhook!"));
        }
        given().post(url).then().statusCode(403); // the socket peer itself (loopback) is not listed
        // the three let in ran (onReceived answers before its run is stored); nobody refused started one
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (executionsOf(wf.workflowId()) < 3 && System.nanoTime() < deadline) {
            sleep(100);
        }
        assertThat(executionsOf(wf.workflowId())).isEqualTo(3);

        // a list of nothing readable lets nobody in; an empty one everybody
        String none = unique("ips-none");
        activateVersion(none, 2, ",\"options\":{\"ipWhitelist\":\"nope, 300.1.1.1\"}");
        given().header("X-Forwarded-For", "10.1.2.3")
                .post("/webhook/" + none)
                .then()
                .statusCode(403);
        String open = unique("ips-open");
        activateVersion(open, 2, ",\"options\":{\"ipWhitelist\":\" \"}");
        given().header("X-Forwarded-For", "10.1.2.3")
                .post("/webhook/" + open)
                .then()
                .statusCode(200);
    }

    @Test
    void responseCodeOptionNoResponseBodyAndHeadersShapeTheImmediateAnswer() {
        // version 2's Response Code option: a listed code, or Custom Code with its own number
        String listed = unique("code-listed");
        activateVersion(
                listed,
                2,
                ",\"options\":{\"responseCode\":{\"values\":{\"responseCode\":201}},"
                        + "\"responseHeaders\":{\"entries\":[{\"name\":\"X-Trace\",\"value\":\"t-1\"}]}}");
        given().post("/webhook/" + listed)
                .then()
                .statusCode(201)
                .header("x-trace", "t-1")
                .body("message", equalTo("Workflow was started"));
        String custom = unique("code-custom");
        activateVersion(
                custom,
                2.1,
                ",\"options\":{\"responseCode\":{\"values\":{\"responseCode\":\"customCode\",\"customCode\":418}},"
                        + "\"noResponseBody\":true}");
        byte[] body = given().post("/webhook/" + custom)
                .then()
                .statusCode(418)
                .extract()
                .asByteArray();
        assertThat(body).isEmpty();
        // Custom Code with its code left out (an export drops the default): 200
        String customDefault = unique("code-custom-default");
        activateVersion(
                customDefault, 2, ",\"options\":{\"responseCode\":{\"values\":{\"responseCode\":\"customCode\"}}}");
        given().post("/webhook/" + customDefault).then().statusCode(200);
        // the Response Data option wins over No Response Body, as in n8n
        String text = unique("code-text");
        activateVersion(text, 2, ",\"options\":{\"responseData\":\"thanks\",\"noResponseBody\":true}");
        assertThat(given().post("/webhook/" + text)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .isEqualTo("thanks");
        // version 1's Response Code parameter
        String v1 = unique("code-v1");
        activateVersion(v1, 1, ",\"responseCode\":202");
        given().post("/webhook/" + v1).then().statusCode(202);
    }

    @Test
    void anOutOfRangeResponseCodeIsRefusedAtActivationNamingTheOption() {
        String json =
                """
                {"name":"bad code","nodes":[
                 {"id":"1","name":"Webhook","type":"n8n-nodes-base.webhook","typeVersion":2,"position":[0,0],
                  "parameters":{"path":"%s","options":{"responseCode":{"values":{"responseCode":"customCode","customCode":42}}}}}],
                 "connections":{}}
                """
                        .formatted(unique("bad-code"));
        StoredWorkflow wf = Fixtures.save(db, tenant, json);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> QuarkusTransaction.requiringNew().run(() -> triggers.activate(wf)))
                .hasMessageContaining("options.responseCode.values.customCode")
                .hasMessageContaining("must be an HTTP status 100-599, got 42");
    }

    @Test
    void propertyNameAnswersWithOneFieldOfTheLastNodesFirstItem() {
        String object = unique("prop-object");
        activateVersion(
                object, 2, ",\"responseMode\":\"lastNode\",\"options\":{\"responsePropertyName\":\"data.inner[0]\"}");
        given().contentType("application/json")
                .body(Map.of("n", 5))
                .post("/webhook/" + object)
                .then()
                .statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("application/json"))
                .body("x", equalTo(7));
        String word = unique("prop-text");
        activateVersion(word, 2, ",\"responseMode\":\"lastNode\",\"options\":{\"responsePropertyName\":\"data.word\"}");
        assertThat(given().post("/webhook/" + word)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .isEqualTo("hi");
        String number = unique("prop-number");
        activateVersion(number, 2, ",\"responseMode\":\"lastNode\",\"options\":{\"responsePropertyName\":\"n\"}");
        assertThat(given().contentType("application/json")
                        .body(Map.of("n", 5))
                        .post("/webhook/" + number)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .isEqualTo("5");
        String missing = unique("prop-missing");
        activateVersion(
                missing,
                2,
                ",\"responseMode\":\"lastNode\",\"options\":{\"responsePropertyName\":\"data.nothing.here\"}");
        assertThat(given().post("/webhook/" + missing)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray())
                .isEmpty();
    }
}

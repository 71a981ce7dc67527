package io.hetumind.consumer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tokens from a real IAM process are accepted here through its JWKS; forged ones are refused. */
@QuarkusTest
@WithTestResource(IamProcessResource.class)
class JwksConsumerTest {
    static String iam;
    static Map<String, Object> owner;
    static String ownerToken;

    @BeforeEach
    void signUpOnce() {
        if (owner != null) {
            return;
        }
        iam = ConfigProvider.getConfig().getValue("hetumind.test.iam-url", String.class);
        owner = given().baseUri(iam)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "email", "owner-" + UUID.randomUUID() + "@example.test",
                        "password", "correct horse battery",
                        "name", "Owner",
                        "tenant", "Acme"))
                .post("/api/v1/auth/signup")
                .then()
                .statusCode(201)
                .extract()
                .as(Map.class);
        ownerToken = (String) owner.get("accessToken");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Response echo(String token, String path) {
        return given().header("Authorization", "Bearer " + token).get("/api/v1/echo" + path);
    }

    private static Map<String, Object> iamMe(String token) {
        return given().baseUri(iam)
                .header("Authorization", "Bearer " + token)
                .get("/api/v1/users/me")
                .then()
                .statusCode(200)
                .extract()
                .as(Map.class);
    }

    private static String kid(String jwt) {
        String header = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8);
        return io.restassured.path.json.JsonPath.from(header).getString("kid");
    }

    private static void problem(Response r, int status, String slug) {
        r.then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.equalTo("https://hetumind.io/problems/" + slug));
    }

    @Test
    void aUserTokenFromIamIsAcceptedWithItsTenantAndPermissions() {
        Map<String, Object> me = iamMe(ownerToken);
        Map<String, Object> echoed =
                echo(ownerToken, "").then().statusCode(200).extract().as(Map.class);
        assertThat(echoed.get("subject")).isEqualTo(me.get("id"));
        assertThat(echoed.get("tenant")).isEqualTo(me.get("tenant"));
        assertThat((List<String>) echoed.get("permissions")).contains("workflow:read");
        echo(ownerToken, "/workflows").then().statusCode(200);
    }

    @Test
    void aMissingPermissionIsA403() {
        String key = given().baseUri(iam)
                .header("Authorization", "Bearer " + ownerToken)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "reader", "permissions", List.of("user:read")))
                .post("/api/v1/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .path("secret");
        String token = given().baseUri(iam)
                .contentType(ContentType.JSON)
                .body(Map.of("secret", key))
                .post("/api/v1/auth/api-key")
                .then()
                .statusCode(200)
                .extract()
                .path("accessToken");
        echo(token, "").then().statusCode(200).body("kind", org.hamcrest.Matchers.equalTo("api-key"));
        problem(echo(token, "/workflows"), 403, "forbidden");
    }

    @Test
    void afterKeyRotationNewAndOldTokensAreBothAccepted() {
        String before = ownerToken;
        echo(before, "").then().statusCode(200); // the old key is now cached here
        String newKid = given().baseUri(iam)
                .header("Authorization", "Bearer " + before)
                .post("/api/v1/keys/rotate")
                .then()
                .statusCode(200)
                .extract()
                .path("kid");
        String after = given().baseUri(iam)
                .contentType(ContentType.JSON)
                .body(Map.of("refreshToken", owner.get("refreshToken")))
                .post("/api/v1/auth/refresh")
                .then()
                .statusCode(200)
                .extract()
                .path("accessToken");
        owner = Map.of("refreshToken", "used");
        assertThat(kid(after)).isEqualTo(newKid).isNotEqualTo(kid(before));
        // unknown kid: the JWKS is fetched again — at most once a second (JwksKeys' reprieve, so forged kids cannot
        // flood IAM), so a token minted within a second of the last fetch is accepted once that second has passed
        long deadline = System.currentTimeMillis() + 5_000;
        while (echo(after, "").statusCode() == 401 && System.currentTimeMillis() < deadline) {
            sleep(200);
        }
        echo(after, "").then().statusCode(200);
        echo(before, "").then().statusCode(200);
    }

    @Test
    void forgedTokensAreRefused() throws Exception {
        var gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        long now = Instant.now().getEpochSecond();
        String forged = Jwt.issuer("hetumind-iam")
                .audience("hetumind")
                .subject(UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(now + 300)
                .claim("jti", UUID.randomUUID().toString())
                .claim("tenant", UUID.randomUUID().toString())
                .claim("perms", List.of("workflow:read"))
                .jws()
                .keyId(kid(ownerToken))
                .sign(gen.generateKeyPair().getPrivate());
        problem(echo(forged, ""), 401, "unauthorized");
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes()) + "."
                + ownerToken.split("\\.")[1] + ".";
        problem(echo(none, ""), 401, "unauthorized");
        problem(given().get("/api/v1/echo"), 401, "unauthorized");
    }

    @Test
    void aSessionSignedOutAtIamIsRefusedHereWithinMoments() throws InterruptedException {
        Map<String, Object> tokens = given().baseUri(iam)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "email", "leaver-" + UUID.randomUUID() + "@example.test",
                        "password", "correct horse battery",
                        "name", "Leaver",
                        "tenant", "Leaving"))
                .post("/api/v1/auth/signup")
                .then()
                .statusCode(201)
                .extract()
                .as(Map.class);
        String access = (String) tokens.get("accessToken");
        echo(access, "").then().statusCode(200); // verified and remembered here
        given().baseUri(iam)
                .contentType(ContentType.JSON)
                .body(Map.of("refreshToken", tokens.get("refreshToken")))
                .post("/api/v1/auth/signout")
                .then()
                .statusCode(204);
        // The revocation reaches this app through PostgreSQL LISTEN/NOTIFY: no call to IAM, no polling of a table.
        long deadline = System.nanoTime() + 5_000_000_000L;
        int status = 200;
        while (status == 200 && System.nanoTime() < deadline) {
            status = echo(access, "").statusCode();
            if (status == 200) {
                Thread.sleep(50);
            }
        }
        problem(echo(access, ""), 401, "unauthorized");
        echo(ownerToken, "").then().statusCode(200);
    }
}

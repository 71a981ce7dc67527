package io.hetumind.iam;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.iam.security.KeyRing;
import io.hetumind.platform.security.RevocationList;
import io.hetumind.testkit.PostgresTestResource;
import io.hetumind.testkit.Schemas;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Finding 5: signing out ends the access token too, through the revocation list every verifier keeps. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SignoutTest {
    @Inject
    KeyRing keys;

    @Inject
    RevocationList revocations;

    @BeforeAll
    static void clean() {
        Schemas.clean("iam", "signing_key", "role");
    }

    private static void signout(Object refreshToken) {
        given().contentType(ContentType.JSON)
                .body(Map.of("refreshToken", refreshToken))
                .post("/api/v1/auth/signout")
                .then()
                .statusCode(204);
    }

    private static String claim(String jwt, String name) {
        String json = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        return io.restassured.path.json.JsonPath.from(json).getString(name);
    }

    @Test
    void signingOutEndsThatSessionsAccessTokenButNotOtherSessions() {
        String email = Api.email("leaver");
        Api.signup(email, "T");
        Map<String, Object> laptop = Api.signin(email, Api.PASSWORD);
        Map<String, Object> phone = Api.signin(email, Api.PASSWORD);
        String access = (String) laptop.get("accessToken");
        Api.me(access);
        signout(laptop.get("refreshToken"));
        Api.problem(Api.as(access).get("/api/v1/users/me"), 401, "unauthorized");
        Api.me((String) phone.get("accessToken"));
        // The revocation is stored (for the other services) and announced.
        assertThat(Db.count("SELECT count(*) FROM iam.revoked_token WHERE token_id = '" + claim(access, "sid") + "'"))
                .isEqualTo(1);
    }

    @Test
    void aRevocationWrittenByAnotherReplicaArrivesThroughListenNotify() throws InterruptedException {
        String email = Api.email("remote");
        Api.signup(email, "T");
        String access = (String) Api.signin(email, Api.PASSWORD).get("accessToken");
        Api.me(access);
        // Another IAM replica (here: plain SQL) revokes the session; this app only learns it from the notification.
        Db.execute("INSERT INTO iam.revoked_token (token_id, expires_at) VALUES ('" + claim(access, "sid")
                + "', now() + interval '20 minutes')");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!revocations.revoked(UUID.fromString(claim(access, "sid"))) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Api.problem(Api.as(access).get("/api/v1/users/me"), 401, "unauthorized");
        assertThat(revocations.listening()).isTrue();
    }

    @Test
    void revokingAnApiKeyEndsTheAccessTokensExchangedForIt() {
        String owner = Api.newOwner("keys");
        Map<String, Object> key = Api.as(owner)
                .body(Map.of("name", "ci", "permissions", List.of("user:read")))
                .post("/api/v1/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .as(Map.class);
        String access = given().contentType(ContentType.JSON)
                .body(Map.of("secret", key.get("secret")))
                .post("/api/v1/auth/api-key")
                .then()
                .statusCode(200)
                .extract()
                .path("accessToken");
        Api.as(access).get("/api/v1/users").then().statusCode(200);
        Api.as(owner).delete("/api/v1/api-keys/" + key.get("id")).then().statusCode(204);
        Api.problem(Api.as(access).get("/api/v1/users"), 401, "unauthorized");
    }

    @Test
    void theLeewayOnExpiryIsAFewSeconds() {
        Map<String, Object> me = Api.me(Api.newOwner("late"));
        long now = Instant.now().getEpochSecond();
        KeyRing.SigningKey key = keys.active();
        String expiredTenSecondsAgo = Jwt.issuer("hetumind-iam")
                .audience("hetumind")
                .subject((String) me.get("id"))
                .issuedAt(now - 300)
                .expiresAt(now - 10)
                .claim("jti", UUID.randomUUID().toString())
                .claim("tenant", me.get("tenant").toString())
                .claim("roles", List.of("owner"))
                .claim("perms", List.of("user:read"))
                .jws()
                .keyId(key.kid())
                .sign(key.privateKey());
        Api.problem(Api.as(expiredTenSecondsAgo).get("/api/v1/users/me"), 401, "unauthorized");
    }
}

package io.hetumind.iam;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.testkit.PostgresTestResource;
import io.hetumind.testkit.Schemas;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** API keys and agent tokens: shown once, stored hashed, scoped, revocable; and no secret in the database. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class CredentialTest {
    String owner;

    @BeforeAll
    static void clean() {
        Schemas.clean("iam", "signing_key", "role");
    }

    @BeforeEach
    void team() {
        owner = Api.newOwner("creds");
    }

    private static Response exchange(String path, String secret) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("secret", secret))
                .post("/api/v1/auth/" + path);
    }

    private static Map<String, Object> claims(String jwt) {
        String json = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        return io.restassured.path.json.JsonPath.from(json).getMap("");
    }

    @Test
    void anApiKeyActsWithExactlyItsPermissions() {
        Map<String, Object> created = Api.as(owner)
                .body(Map.of("name", "ci", "permissions", List.of("workflow:read", "user:read")))
                .post("/api/v1/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .as(Map.class);
        String secret = (String) created.get("secret");
        assertThat(secret).startsWith("hmk_");
        assertThat(Schemas.contains("iam", randomPart(secret))).isFalse();
        assertThat(Api.as(owner).get("/api/v1/api-keys/" + created.get("id")).asString())
                .doesNotContain(randomPart(secret));

        String token = (String)
                exchange("api-key", secret).then().statusCode(200).extract().path("accessToken");
        assertThat(claims(token)).containsEntry("kind", "api-key");
        assertThat((List<String>) claims(token).get("perms")).containsExactlyInAnyOrder("workflow:read", "user:read");
        Api.as(token).get("/api/v1/users").then().statusCode(200);
        Api.problem(Api.as(token).get("/api/v1/audit-events"), 403, "forbidden");
        assertThat(Api.as(owner)
                        .get("/api/v1/api-keys/" + created.get("id"))
                        .then()
                        .extract()
                        .path("lastUsedAt")
                        .toString())
                .isNotBlank();

        Api.problem(exchange("api-key", secret + "x"), 401, "unauthorized");
        Api.as(owner).delete("/api/v1/api-keys/" + created.get("id")).then().statusCode(204);
        Api.problem(exchange("api-key", secret), 401, "unauthorized");
    }

    @Test
    void anApiKeyCannotOutliveNowNorBeAnAgentToken() {
        HostileTest.rejected(400, "validation", () -> Api.as(owner)
                .body(Map.of(
                        "name", "old", "permissions", List.of("workflow:read"), "expiresAt", "2000-01-01T00:00:00Z"))
                .post("/api/v1/api-keys"));
        String secret = Api.as(owner)
                .body(Map.of("name", "ci", "permissions", List.of("workflow:read")))
                .post("/api/v1/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .path("secret");
        HostileTest.rejected(401, "unauthorized", () -> exchange("agent", secret));
    }

    @Test
    void anAgentTokenIsScopedToItsNamespace() {
        Map<String, Object> created = Api.as(owner)
                .body(Map.of("name", "host-1", "namespace", "prod.eu"))
                .post("/api/v1/agent-tokens")
                .then()
                .statusCode(201)
                .extract()
                .as(Map.class);
        String secret = (String) created.get("secret");
        assertThat(Schemas.contains("iam", randomPart(secret))).isFalse();
        String token = (String)
                exchange("agent", secret).then().statusCode(200).extract().path("accessToken");
        assertThat(claims(token)).containsEntry("kind", "agent").containsEntry("ns", "prod.eu");
        assertThat((List<String>) claims(token).get("perms")).containsExactly("agent:register");
        Api.as(owner).delete("/api/v1/agent-tokens/" + created.get("id")).then().statusCode(204);
        Api.problem(exchange("agent", secret), 401, "unauthorized");
    }

    @Test
    void noPasswordNorRefreshTokenIsStoredInClear() {
        String email = Api.email("clear");
        Map<String, Object> tokens = Api.signup(email, "T");
        assertThat(Schemas.contains("iam", Api.PASSWORD)).isFalse();
        assertThat(Schemas.contains("iam", (String) tokens.get("refreshToken"))).isFalse();
        assertThat(Schemas.contains("iam", email)).isTrue();
    }

    @Test
    void theAuditLogRecordsSecurityEventsWithoutSecrets() {
        Api.as(owner)
                .body(Map.of("name", "ci", "permissions", List.of("workflow:read")))
                .post("/api/v1/api-keys")
                .then()
                .statusCode(201);
        List<Map<String, Object>> events = (List<Map<String, Object>>) Api.as(owner)
                .get("/api/v1/audit-events")
                .then()
                .statusCode(200)
                .extract()
                .as(Map.class)
                .get("items");
        assertThat(events).extracting(e -> e.get("event")).contains("user.signup", "apikey.created");
    }

    /**
     * The random part of {@code <kind>_<prefix>_<random>}. The random part is base64url and may
     * itself contain '_', so it is found after the second separator, not the last.
     */
    private static String randomPart(String secret) {
        return secret.substring(secret.indexOf('_', secret.indexOf('_') + 1) + 1);
    }
}

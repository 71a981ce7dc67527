package io.hetumind.iam;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.iam.security.KeyRing;
import io.hetumind.testkit.PostgresTestResource;
import io.hetumind.testkit.Schemas;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hostile callers: every bad token and bad body gets a problem+json 4xx and changes no row. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class HostileTest {
    @Inject
    KeyRing keys;

    String token;
    Map<String, Object> me;

    @BeforeAll
    static void clean() {
        Schemas.clean("iam", "signing_key", "role");
    }

    @BeforeEach
    void owner() {
        token = Api.newOwner("victim");
        me = Api.me(token);
    }

    /** Runs {@code request}, expects a problem with {@code status}, and proves no row of the schema changed. */
    static Map<String, Object> rejected(int status, String slug, Supplier<Response> request) {
        Map<String, String> before = Schemas.fingerprint("iam");
        Map<String, Object> problem = Api.problem(request.get(), status, slug);
        assertThat(Schemas.fingerprint("iam")).isEqualTo(before);
        return problem;
    }

    private JwtClaimsBuilder claims() {
        long now = Instant.now().getEpochSecond();
        return Jwt.issuer("hetumind-iam")
                .audience("hetumind")
                .subject((String) me.get("id"))
                .issuedAt(now)
                .expiresAt(now + 300)
                .claim("jti", UUID.randomUUID().toString())
                .claim("tenant", me.get("tenant").toString())
                .claim("roles", List.of("owner"))
                .claim("perms", List.of("user:read", "user:write", "instance:admin"));
    }

    private String signedWithIamKey(JwtClaimsBuilder claims) {
        KeyRing.SigningKey key = keys.active();
        return claims.jws().keyId(key.kid()).sign(key.privateKey());
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private void refusedToken(String bad) {
        rejected(401, "unauthorized", () -> Api.as(bad).get("/api/v1/users/me"));
        rejected(401, "unauthorized", () -> Api.as(bad)
                .body(Map.of("name", "hijacked"))
                .patch("/api/v1/users/" + me.get("id")));
    }

    @Test
    void aWellFormedTokenSignedByIamIsAccepted() {
        Api.as(signedWithIamKey(claims())).get("/api/v1/users/me").then().statusCode(200);
    }

    @Test
    void tamperedPayloadIsRefused() {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"owner\"", "\"root\"");
        refusedToken(parts[0] + "." + b64(payload) + "." + parts[2]);
    }

    @Test
    void signatureByAnotherKeyWithIamsKidIsRefused() throws Exception {
        var gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        refusedToken(claims().jws()
                .keyId(keys.active().kid())
                .sign(gen.generateKeyPair().getPrivate()));
    }

    @Test
    void algNoneIsRefused() {
        String header = b64(
                "{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + keys.active().kid() + "\"}");
        String payload = signedWithIamKey(claims()).split("\\.")[1];
        refusedToken(header + "." + payload + ".");
    }

    @Test
    void hmacWithThePublicKeyAsSecretIsRefused() {
        String jwks = given().get("/.well-known/jwks.json").asString();
        refusedToken(claims().jws().keyId(keys.active().kid()).signWithSecret(jwks + jwks));
    }

    @Test
    void expiredIsRefused() {
        long past = Instant.now().getEpochSecond() - 3600;
        refusedToken(signedWithIamKey(claims().issuedAt(past - 600).expiresAt(past)));
    }

    @Test
    void wrongIssuerIsRefused() {
        refusedToken(signedWithIamKey(claims().issuer("https://evil.example")));
    }

    @Test
    void wrongAudienceIsRefused() {
        refusedToken(signedWithIamKey(claims().audience("someone-else")));
    }

    @Test
    void garbageTokensAreRefused() {
        refusedToken("not-a-jwt");
        refusedToken("a.b.c");
        refusedToken("");
    }

    @Test
    void injectionStringsInQueriesAreInvalidInputNotSql() {
        rejected(400, "validation", () -> Api.as(token).get("/api/v1/users?cursor=' OR '1'='1"));
        rejected(400, "validation", () -> Api.as(token).get("/api/v1/users?limit=1;DROP TABLE iam.app_user"));
        rejected(400, "validation", () -> Api.as(token).get("/api/v1/memberships?limit=-1"));
        rejected(404, "not-found", () -> Api.as(token).get("/api/v1/users/' OR 1=1 --"));
        rejected(400, "validation", () -> Api.as(token)
                .body(Map.of("name", "x'; DROP TABLE iam.role; --", "permissions", List.of("user:read")))
                .post("/api/v1/roles"));
        rejected(400, "validation", () -> Api.as(token)
                .body(Map.of("name", "ok", "permissions", List.of("user:read' OR '1'='1")))
                .post("/api/v1/roles"));
        rejected(400, "validation", () -> given().contentType(ContentType.JSON)
                .body(Map.of("email", "' OR 1=1 --", "password", "x".repeat(12), "name", "n", "tenant", "t"))
                .post("/api/v1/auth/signup"));
    }

    @Test
    void injectionStringsInFreeTextAreStoredVerbatim() {
        String evil = "Robert'); DROP TABLE iam.app_user; --";
        Api.as(token)
                .body(Map.of("name", evil))
                .patch("/api/v1/users/" + me.get("id"))
                .then()
                .statusCode(200);
        assertThat(Api.me(token).get("name")).isEqualTo(evil);
    }

    @Test
    void jsonAttacksAreRefused() {
        String signup = "/api/v1/auth/signup";
        rejected(400, "malformed-json", () -> given().contentType(ContentType.JSON)
                .body("{\"email\": \"a@b.c\", \"password\": ")
                .post(signup));
        // Mass assignment: fields the API does not take are refused, not ignored.
        rejected(400, "malformed-json", () -> given().contentType(ContentType.JSON)
                .body(Map.of(
                        "email",
                        Api.email("mass"),
                        "password",
                        Api.PASSWORD,
                        "name",
                        "n",
                        "tenant",
                        "t",
                        "instanceAdmin",
                        true))
                .post(signup));
        rejected(400, "malformed-json", () -> given().contentType(ContentType.JSON)
                .body("{\"email\": {\"$ne\": null}, \"password\": \"" + Api.PASSWORD + "\", \"name\": \"n\","
                        + " \"tenant\": \"t\"}")
                .post(signup));
        rejected(400, "malformed-json", () -> given().contentType(ContentType.JSON)
                .body("[".repeat(5000) + "]".repeat(5000))
                .post(signup));
        rejected(400, "validation", () -> given().contentType(ContentType.JSON)
                .body("null")
                .post(signup));
        rejected(415, "unsupported-media-type", () -> given().contentType(ContentType.XML)
                .body("<signup/>")
                .post(signup));
        Map<String, Object> p = rejected(400, "validation", () -> given().contentType(ContentType.JSON)
                .body(Map.of("email", "not-an-email", "password", "short", "name", "", "tenant", "t"))
                .post(signup));
        assertThat((List<Map<String, String>>) p.get("errors"))
                .extracting(e -> e.get("field"))
                .containsExactly("email", "name", "password");
    }

    @Test
    void oversizedBodiesAreRefusedBeforeTheyAreRead() {
        String big =
                "{\"email\":\"a@b.c\",\"password\":\"" + "x".repeat(200_000) + "\",\"name\":\"n\",\"tenant\":\"t\"}";
        rejected(413, "payload-too-large", () -> given().contentType(ContentType.JSON)
                .body(big)
                .post("/api/v1/auth/signup"));
        rejected(413, "payload-too-large", () -> Api.as(token).body(big).post("/api/v1/roles"));
    }

    @Test
    void unknownRoutesAndMethodsAreProblems() {
        rejected(404, "not-found", () -> Api.as(token).get("/api/v1/nope"));
        rejected(405, "method-not-allowed", () -> Api.as(token).delete("/api/v1/users/me"));
    }
}

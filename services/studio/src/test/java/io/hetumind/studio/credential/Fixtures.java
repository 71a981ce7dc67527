package io.hetumind.studio.credential;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.Json;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/** Tokens and requests for the credential tests: tenants and members on the real IAM, calls to the studio. */
final class Fixtures {
    private Fixtures() {}

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    static JsonNode claims(String token) {
        String payload = token.split("\\.")[1];
        return Json.parse(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    }

    static UUID tenant(String token) {
        return UUID.fromString(claims(token).get("tenant").asText());
    }

    static UUID user(String token) {
        return UUID.fromString(claims(token).get("sub").asText());
    }

    /** A new member of the owner's tenant with {@code role}, invited and signed up; their access token. */
    static String member(String ownerToken, String role) {
        String iam = ConfigProvider.getConfig().getValue("hetumind.test.iam-url", String.class);
        String email = role + "-" + UUID.randomUUID() + "@example.test";
        String invitation = given().baseUri(iam)
                .auth()
                .oauth2(ownerToken)
                .contentType(ContentType.JSON)
                .body(Map.of("email", email, "role", role))
                .post("/api/v1/invitations")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        return given().baseUri(iam)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "email",
                        email,
                        "password",
                        "correct horse battery",
                        "name",
                        "Member",
                        "invitation",
                        invitation))
                .post("/api/v1/auth/signup")
                .then()
                .statusCode(201)
                .extract()
                .path("accessToken");
    }

    /** Creates a credential and returns its id. */
    static String create(String token, String name, String type, String data, String sharing) {
        String body = "{\"name\":\"" + name + "\",\"type\":\"" + type + "\",\"data\":" + data
                + (sharing == null ? "" : ",\"sharing\":" + sharing) + "}";
        return as(token)
                .body(body)
                .post("/api/v1/credentials")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }
}

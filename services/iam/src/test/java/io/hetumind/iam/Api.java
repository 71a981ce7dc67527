package io.hetumind.iam;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Small HTTP helpers shared by the IAM tests: real requests against the running test app. */
final class Api {
    static final String PASSWORD = "correct horse battery";
    private static final AtomicInteger SEQ = new AtomicInteger();

    private Api() {}

    /** A fresh, unique e-mail address. */
    static String email(String who) {
        return who + "-" + System.nanoTime() + "-" + SEQ.incrementAndGet() + "@example.test";
    }

    static Map<String, Object> signup(String email, String tenant) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD, "name", "Test " + email, "tenant", tenant))
                .post("/api/v1/auth/signup")
                .then()
                .statusCode(201)
                .extract()
                .as(Map.class);
    }

    /** Signs up a new user with their own tenant and returns the access token. */
    static String newOwner(String who) {
        return (String) signup(email(who), who + "'s team").get("accessToken");
    }

    /** Invites {@code email} into the tenant of {@code token} with {@code role}; returns the invitation token. */
    static String invite(String token, String email, String role) {
        return as(token)
                .body(Map.of("email", email, "role", role))
                .post("/api/v1/invitations")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
    }

    /** Signs up {@code email} with an invitation; returns the tokens. */
    static Map<String, Object> signupInvited(String email, String invitation) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD, "name", "Test " + email, "invitation", invitation))
                .post("/api/v1/auth/signup")
                .then()
                .statusCode(201)
                .extract()
                .as(Map.class);
    }

    /** A new member of the tenant of {@code ownerToken} with {@code role}, invited and signed up; returns tokens. */
    static Map<String, Object> member(String ownerToken, String role) {
        String email = email(role);
        signupInvited(email, invite(ownerToken, email, role));
        return signin(email, PASSWORD);
    }

    static Map<String, Object> signin(String email, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password))
                .post("/api/v1/auth/signin")
                .then()
                .statusCode(200)
                .extract()
                .as(Map.class);
    }

    static RequestSpecification as(String token) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token);
    }

    static Map<String, Object> me(String token) {
        return as(token)
                .get("/api/v1/users/me")
                .then()
                .statusCode(200)
                .extract()
                .as(Map.class);
    }

    /** Asserts {@code r} is an RFC 9457 problem with {@code status} and the type slug, and returns its body. */
    static Map<String, Object> problem(Response r, int status, String slug) {
        r.then().statusCode(status).contentType("application/problem+json");
        Map<String, Object> body = r.as(Map.class);
        org.assertj.core.api.Assertions.assertThat(body)
                .containsEntry("status", status)
                .containsEntry("type", "https://hetumind.io/problems/" + slug)
                .doesNotContainKey("stackTrace");
        org.assertj.core.api.Assertions.assertThat(r.asString())
                .doesNotContain("at io.")
                .doesNotContain("Exception");
        return body;
    }
}

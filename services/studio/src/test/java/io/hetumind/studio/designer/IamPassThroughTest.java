package io.hetumind.studio.designer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code /iam/*}: the browser's one-origin way to IAM, with a real IAM behind it. */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class IamPassThroughTest {
    static final String PASSWORD = "correct horse battery";

    static String signup(String email) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD, "name", "Pat", "tenant", "Pass " + email))
                .post("/iam/api/v1/auth/signup")
                .then()
                .statusCode(201)
                .body("refreshToken", notNullValue())
                .extract()
                .path("accessToken");
    }

    @Test
    void signUpSignInAndTheCallersProfilePassThrough() {
        String email = "pass-" + UUID.randomUUID() + "@example.test";
        String token = signup(email);
        given().auth()
                .oauth2(token)
                .get("/iam/api/v1/users/me")
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("email", equalTo(email));
        given().auth().oauth2(token).get("/iam/api/v1/tenants").then().statusCode(200);
        // the token IAM issued through the pass-through is good for the studio's own API
        given().auth().oauth2(token).get("/api/v1/workflows").then().statusCode(200);
        given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "wrong password here"))
                .post("/iam/api/v1/auth/signin")
                .then()
                .statusCode(401)
                .contentType(containsString("problem+json"))
                .body("detail", notNullValue());
        given().get("/iam/api/v1/users/me").then().statusCode(401);
    }

    @Test
    void onlyIamsPublicApiAreasPass() {
        for (String path : new String[] {
            "/iam/api/v1/keys/rotate",
            "/iam/.well-known/jwks.json",
            "/iam/q/health",
            "/iam/q/metrics",
            "/iam/api/v1/auth/../keys/rotate",
            "/iam/api/v1/auth/%2e%2e/keys/rotate",
            "/iam/api/v1/",
            "/iam",
            "/iam/api/v2/auth/signin"
        }) {
            Response r = given().urlEncodingEnabled(false)
                    .contentType(ContentType.JSON)
                    .body("{}")
                    .post(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.asString()).as(path).contains("IAM has no public endpoint");
        }
    }

    @Test
    void signInsAreThrottledPerBrowserAddressNotPerStudio() {
        // The test plays a load balancer the studio trusts: it names the browser in X-Forwarded-For. IAM's source
        // throttle refuses an address after 20 failures (any e-mail) — that address only.
        String noisy = "203.0.113." + (1 + new java.util.Random().nextInt(250));
        int status = 0;
        for (int i = 0; i < 30 && status != 429; i++) {
            status = failSignin(noisy).statusCode();
        }
        assertThat(status).as("the noisy address is refused").isEqualTo(429);
        Response refused = failSignin(noisy);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.header("Retry-After"))
                .as("Retry-After passes through")
                .isNotBlank();
        assertThat(failSignin("198.51.100.23").statusCode())
                .as("another browser is not refused")
                .isEqualTo(401);
        assertThat(failSignin(null).statusCode())
                .as("nor the studio's own address")
                .isEqualTo(401);
    }

    static Response failSignin(String forwardedFor) {
        var spec = given().contentType(ContentType.JSON)
                .body(Map.of("email", "nobody-" + UUID.randomUUID() + "@example.test", "password", "not it at all"));
        if (forwardedFor != null) {
            spec = spec.header("X-Forwarded-For", forwardedFor);
        }
        return spec.post("/iam/api/v1/auth/signin");
    }
}

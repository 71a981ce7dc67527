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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Finding 2: failed sign-ins answer the same for known and unknown addresses, and the throttle they trigger does not
 * lock the owner out of a device they used before, nor out of their refresh token.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SigninThrottleTest {

    @BeforeAll
    static void clean() {
        Schemas.clean("iam", "signing_key", "role");
    }

    private static Response signin(String email, String password, String device) {
        Map<String, Object> body = new HashMap<>(Map.of("email", email, "password", password));
        if (device != null) {
            body.put("deviceToken", device);
        }
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/auth/signin");
    }

    /** Status, problem type and detail of each of {@code n} wrong-password sign-ins. */
    private static List<String> guesses(String email, int n) {
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Response r = signin(email, "wrong password " + i, null);
            Map<String, Object> p = r.as(Map.class);
            answers.add(r.statusCode() + " " + p.get("type") + " " + p.get("detail"));
        }
        return answers;
    }

    @Test
    void aKnownAndAnUnknownAddressGetTheSameAnswers() {
        String known = Api.email("known");
        Api.signup(known, "T");
        List<String> forKnown = guesses(known, 7);
        List<String> forUnknown = guesses(Api.email("unknown"), 7);
        assertThat(forKnown).isEqualTo(forUnknown);
        // Five guesses are answered 401, then the address is throttled: 429 for both.
        assertThat(forKnown.get(4)).startsWith("401 ");
        assertThat(forKnown.get(5)).startsWith("429 ");
        assertThat(Schemas.contains("iam", "signin.throttled")).isTrue();
    }

    @Test
    void theOwnerStillGetsInFromAKnownDeviceOrWithTheirRefreshToken() {
        String email = Api.email("owner");
        Api.signup(email, "T");
        Map<String, Object> first = signin(email, Api.PASSWORD, null)
                .then()
                .statusCode(200)
                .extract()
                .as(Map.class);
        String device = (String) first.get("deviceToken");
        assertThat(device).startsWith("hmd_");

        guesses(email, 6); // an attacker guesses from elsewhere
        Response fromNewDevice = signin(email, Api.PASSWORD, null);
        Api.problem(fromNewDevice, 429, "rate-limited");
        assertThat(Integer.parseInt(fromNewDevice.header("Retry-After"))).isBetween(1, 900);

        // A device token of another account, or a tampered one, does not open this one.
        String other = Api.email("other");
        Api.signup(other, "T");
        String otherDevice = (String) Api.signin(other, Api.PASSWORD).get("deviceToken");
        Api.problem(signin(email, Api.PASSWORD, otherDevice), 429, "rate-limited");
        Api.problem(signin(email, Api.PASSWORD, device + "x"), 429, "rate-limited");

        given().contentType(ContentType.JSON)
                .body(Map.of("refreshToken", first.get("refreshToken")))
                .post("/api/v1/auth/refresh")
                .then()
                .statusCode(200);
        signin(email, Api.PASSWORD, device).then().statusCode(200);
    }
}

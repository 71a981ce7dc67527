package io.hetumind.iam;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.testkit.PostgresTestResource;
import io.hetumind.testkit.Schemas;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Sign-up, sign-in, refresh rotation, reuse detection and sign-out against real PostgreSQL. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthFlowTest {

    @BeforeAll
    static void clean() {
        Schemas.clean("iam", "signing_key", "role");
    }

    @Test
    @Order(1)
    void firstUserOwnsTheirTenantAndAdministersTheInstance() {
        String email = Api.email("first");
        Map<String, Object> tokens = Api.signup(email, "Acme");
        assertThat(tokens).containsKeys("accessToken", "refreshToken", "expiresIn");
        assertThat(tokens.get("tokenType")).isEqualTo("Bearer");

        Map<String, Object> me = Api.me((String) tokens.get("accessToken"));
        assertThat(me.get("email")).isEqualTo(email);
        assertThat((List<String>) me.get("roles")).containsExactly("owner");
        assertThat((List<String>) me.get("permissions")).contains("workflow:write", "instance:admin");
        assertThat((List<Map<String, Object>>) me.get("tenants"))
                .singleElement()
                .satisfies(t -> assertThat(t.get("name")).isEqualTo("Acme"));

        Map<String, Object> second = Api.signup(Api.email("second"), "Other");
        assertThat((List<String>) Api.me((String) second.get("accessToken")).get("permissions"))
                .contains("workflow:write")
                .doesNotContain("instance:admin");
    }

    @Test
    void signInWithTheRightPasswordOnly() {
        String email = Api.email("signin");
        Api.signup(email, "T");
        Map<String, Object> tokens = Api.signin(email.toUpperCase(), Api.PASSWORD);
        assertThat(Api.me((String) tokens.get("accessToken")).get("email")).isEqualTo(email);

        Api.problem(
                given().contentType(ContentType.JSON)
                        .body(Map.of("email", email, "password", "wrong password!"))
                        .post("/api/v1/auth/signin"),
                401,
                "unauthorized");
        Api.problem(
                given().contentType(ContentType.JSON)
                        .body(Map.of("email", Api.email("nobody"), "password", "whatever123"))
                        .post("/api/v1/auth/signin"),
                401,
                "unauthorized");
    }

    @Test
    void emailIsUniquePerInstanceWhateverItsCase() {
        String email = Api.email("dup");
        Api.signup(email, "T");
        Api.problem(
                given().contentType(ContentType.JSON)
                        .body(Map.of(
                                "email", email.toUpperCase(), "password", Api.PASSWORD, "name", "X", "tenant", "Y"))
                        .post("/api/v1/auth/signup"),
                409,
                "conflict");
    }

    @Test
    void refreshRotatesAndAReusedTokenRevokesTheFamily() {
        Map<String, Object> first = Api.signup(Api.email("refresh"), "T");
        String r1 = (String) first.get("refreshToken");

        Map<String, Object> second = refresh(r1, 200);
        String r2 = (String) second.get("refreshToken");
        assertThat(r2).isNotEqualTo(r1);
        assertThat(Api.me((String) second.get("accessToken"))).containsKey("email");

        // r1 was already used: presenting it again means it leaked, so the whole family dies, r2 included.
        Api.problem(refreshResponse(r1), 401, "unauthorized");
        Api.problem(refreshResponse(r2), 401, "unauthorized");
    }

    @Test
    void signOutRevokesTheRefreshToken() {
        Map<String, Object> tokens = Api.signup(Api.email("signout"), "T");
        String refresh = (String) tokens.get("refreshToken");
        given().contentType(ContentType.JSON)
                .body(Map.of("refreshToken", refresh))
                .post("/api/v1/auth/signout")
                .then()
                .statusCode(204);
        Api.problem(refreshResponse(refresh), 401, "unauthorized");
        Api.problem(
                given().contentType(ContentType.JSON)
                        .body(Map.of("refreshToken", refresh))
                        .post("/api/v1/auth/signout"),
                401,
                "unauthorized");
    }

    @Test
    void meNeedsAToken() {
        Api.problem(given().get("/api/v1/users/me"), 401, "unauthorized");
    }

    private static Map<String, Object> refresh(String token, int status) {
        return refreshResponse(token).then().statusCode(status).extract().as(Map.class);
    }

    private static io.restassured.response.Response refreshResponse(String token) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("refreshToken", token))
                .post("/api/v1/auth/refresh");
    }
}

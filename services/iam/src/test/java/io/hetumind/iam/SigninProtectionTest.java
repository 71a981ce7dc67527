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
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Guessing passwords: per-account rate limit and a lockout that backs off. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SigninProtectionTest {

    @BeforeAll
    static void clean() {
        Schemas.clean("iam", "signing_key", "role");
    }

    private static Response signin(String email, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password))
                .post("/api/v1/auth/signin");
    }

    @Test
    void repeatedFailuresLockTheAccountEvenForTheRightPassword() {
        String email = Api.email("locked");
        Api.signup(email, "T");
        for (int i = 0; i < 5; i++) {
            Api.problem(signin(email, "wrong password " + i), 401, "unauthorized");
        }
        Response locked = signin(email, Api.PASSWORD);
        Api.problem(locked, 429, "rate-limited");
        assertThat(Integer.parseInt(locked.header("Retry-After"))).isBetween(1, 60);
        // Sign-in events belong to no tenant yet: they are instance-level rows of the audit table.
        assertThat(Schemas.contains("iam", "signin.lockout")).isTrue();
        assertThat(Schemas.contains("iam", "signin.locked")).isTrue();
    }

    @Test
    void tooManyAttemptsOnOneAccountAreRateLimited() {
        String email = Api.email("nobody");
        for (int i = 0; i < 10; i++) {
            Api.problem(signin(email, "guess " + i), 401, "unauthorized");
        }
        Api.problem(signin(email, "guess 11"), 429, "rate-limited");
    }
}

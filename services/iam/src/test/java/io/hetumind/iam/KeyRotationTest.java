package io.hetumind.iam;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.testkit.PostgresTestResource;
import io.hetumind.testkit.Schemas;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rotating the signing key: new tokens use the new key, tokens signed by the old one keep working. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class KeyRotationTest {

    @BeforeAll
    static void clean() {
        Schemas.clean("iam", "signing_key", "role");
    }

    private static String kid(String jwt) {
        String header = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8);
        return io.restassured.path.json.JsonPath.from(header).getString("kid");
    }

    @Test
    void oldTokensVerifyUntilTheyExpireAndNewOnesUseTheNewKey() {
        String email = Api.email("admin");
        String before = (String) Api.signup(email, "T").get("accessToken");
        String newKid = Api.as(before)
                .post("/api/v1/keys/rotate")
                .then()
                .statusCode(200)
                .extract()
                .path("kid");
        assertThat(newKid).isNotEqualTo(kid(before));

        String after = (String) Api.signin(email, Api.PASSWORD).get("accessToken");
        assertThat(kid(after)).isEqualTo(newKid);
        Api.me(before);
        Api.me(after);

        List<String> published = given().get("/.well-known/jwks.json")
                .then()
                .statusCode(200)
                .extract()
                .path("keys.kid");
        assertThat(published).contains(kid(before), newKid);
        List<Map<String, Object>> keys =
                given().get("/.well-known/jwks.json").then().extract().path("keys");
        keys.forEach(k -> assertThat(k).containsKeys("n", "e").doesNotContainKeys("d", "p", "q"));
    }
}

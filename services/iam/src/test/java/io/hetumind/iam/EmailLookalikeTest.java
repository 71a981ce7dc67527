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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Finding 3: an address that only looks like an existing one cannot become a second account. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class EmailLookalikeTest {

    @BeforeAll
    static void clean() {
        Schemas.clean("iam", "signing_key", "role");
    }

    private static Response signup(String email) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", Api.PASSWORD, "name", "N", "tenant", "T"))
                .post("/api/v1/auth/signup");
    }

    private static String unique() {
        return Long.toString(System.nanoTime(), 36);
    }

    @Test
    void fullwidthAndUpperCaseAreTheSameAddress() {
        String tag = unique();
        Map<String, Object> alice = Api.signup("alice-" + tag + "@example.com", "T");
        String id = (String) Api.me((String) alice.get("accessToken")).get("id");
        // U+FF41 FULLWIDTH LATIN SMALL LETTER A, and upper case: NFKC case folding makes both plain "alice".
        HostileTest.rejected(409, "conflict", () -> signup("\uFF41lice-" + tag + "@example.com"));
        HostileTest.rejected(409, "conflict", () -> signup("ALICE-" + tag + "@EXAMPLE.COM"));
        Map<String, Object> viaFullwidth = Api.signin("\uFF21LICE-" + tag + "@example.com", Api.PASSWORD);
        assertThat(Api.me((String) viaFullwidth.get("accessToken")).get("id")).isEqualTo(id);
        assertThat(Api.me((String) viaFullwidth.get("accessToken")).get("email"))
                .isEqualTo("alice-" + tag + "@example.com");
    }

    @Test
    void aCyrillicLetterAmongLatinOnesIsRefusedAndNamed() {
        String tag = unique();
        Api.signup("alice-" + tag + "@example.com", "T");
        // U+0430 CYRILLIC SMALL LETTER A in a Latin name: mixed scripts in one part.
        Map<String, Object> p =
                HostileTest.rejected(400, "validation", () -> signup("\u0430lice-" + tag + "@example.com"));
        assertThat((List<Map<String, Object>>) p.get("errors"))
                .extracting(e -> e.get("field"))
                .containsExactly("email");
    }

    @Test
    void addressesWithTheSameSkeletonCannotBothExist() {
        String tag = unique();
        Api.signup("modern-" + tag + "@example.com", "T");
        // "rn" reads as "m" (UTS #39 confusables): same skeleton, refused.
        HostileTest.rejected(409, "conflict", () -> signup("rnodern-" + tag + "@example.com"));
        // An all-Cyrillic part is one script, so the restriction level allows it; its skeleton is Latin "ace".
        String digits = Long.toString(System.nanoTime());
        Api.signup("ace-" + digits + "@example.com", "T");
        HostileTest.rejected(409, "conflict", () -> signup("\u0430\u0441\u0435-" + digits + "@example.com"));
        // An invitation goes through the same check.
        String owner = Api.newOwner("owner");
        HostileTest.rejected(400, "validation", () -> Api.as(owner)
                .body(Map.of("email", "p\u0430ypal-" + tag + "@example.com", "role", "viewer"))
                .post("/api/v1/invitations"));
    }
}

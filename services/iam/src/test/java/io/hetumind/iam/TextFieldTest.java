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
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Finding 4: text is checked before storage (control characters, length in code points): a 400 naming the field. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class TextFieldTest {
    String token;
    Map<String, Object> me;

    @BeforeAll
    static void clean() {
        Schemas.clean("iam", "signing_key", "role");
    }

    @BeforeEach
    void owner() {
        token = Api.newOwner("text");
        me = Api.me(token);
    }

    private static void refusedField(String field, Supplier<io.restassured.response.Response> request) {
        Map<String, Object> p = HostileTest.rejected(400, "validation", request);
        assertThat((List<Map<String, Object>>) p.get("errors"))
                .extracting(e -> (String) e.get("field"))
                .singleElement()
                .asString()
                .startsWith(field);
    }

    @Test
    void aNulByteIsA400NamingTheFieldNotA500() {
        refusedField(
                "name",
                () -> Api.as(token).body(Map.of("name", "bad\u0000name")).patch("/api/v1/users/" + me.get("id")));
        refusedField("name", () -> given().contentType(ContentType.JSON)
                .body(Map.of("email", Api.email("n"), "password", Api.PASSWORD, "name", "x\u0000", "tenant", "T"))
                .post("/api/v1/auth/signup"));
        refusedField("tenant", () -> given().contentType(ContentType.JSON)
                .body(Map.of("email", Api.email("n"), "password", Api.PASSWORD, "name", "x", "tenant", "T\u0000"))
                .post("/api/v1/auth/signup"));
        refusedField("email", () -> given().contentType(ContentType.JSON)
                .body(Map.of("email", "a\u0000@example.com", "password", "whatever"))
                .post("/api/v1/auth/signin"));
    }

    @Test
    void otherControlAndBidiCharactersAreRefusedEverywhere() {
        refusedField(
                "name",
                () -> Api.as(token).body(Map.of("name", "bell\u0007")).patch("/api/v1/tenants/" + me.get("tenant")));
        refusedField(
                "name", () -> Api.as(token).body(Map.of("name", "line\nbreak")).patch("/api/v1/users/" + me.get("id")));
        refusedField("name", () -> Api.as(token)
                .body(Map.of("name", "evil\u202Egnp.exe", "permissions", List.of("workflow:read")))
                .post("/api/v1/api-keys"));
        refusedField("permissions", () -> Api.as(token)
                .body(Map.of("name", "k", "permissions", List.of("workflow:read\u0000")))
                .post("/api/v1/api-keys"));
    }

    @Test
    void lengthCountsCodePointsNotUtf16Units() {
        String hundredEmoji = "\uD83D\uDE00".repeat(100); // 100 code points, 200 UTF-16 units
        Api.as(token)
                .body(Map.of("name", hundredEmoji))
                .patch("/api/v1/users/" + me.get("id"))
                .then()
                .statusCode(200);
        assertThat(Api.me(token).get("name")).isEqualTo(hundredEmoji);
        refusedField(
                "name",
                () -> Api.as(token).body(Map.of("name", hundredEmoji + "x")).patch("/api/v1/users/" + me.get("id")));
    }
}

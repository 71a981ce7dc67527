package io.hetumind.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.testkit.PostgresTestResource;
import io.hetumind.testkit.Schemas;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Another tenant's ids, in every endpoint that takes one, are 404 — never data, never a change. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class TenantIsolationTest {
    static String alice;
    static String bob;
    static Map<String, String> bobs;

    @BeforeAll
    static void clean() {
        Schemas.clean("iam", "signing_key", "role");
    }

    /** Once per class; RestAssured knows the test app's port only from the first test on. */
    @BeforeEach
    void twoTenants() {
        if (bobs != null) {
            return;
        }
        alice = Api.newOwner("alice");
        bob = Api.newOwner("bob");
        Map<String, Object> bobMe = Api.me(bob);
        String bobUser = (String) bobMe.get("id");
        String bobTenant = (String) bobMe.get("tenant");
        String roleId = created(Api.as(bob)
                .body(Map.of("name", "bobs-role", "permissions", List.of("workflow:read")))
                .post("/api/v1/roles"));
        String apiKey = created(Api.as(bob)
                .body(Map.of("name", "ci", "permissions", List.of("workflow:read")))
                .post("/api/v1/api-keys"));
        String agentToken = created(
                Api.as(bob).body(Map.of("name", "host-1", "namespace", "prod")).post("/api/v1/agent-tokens"));
        String membership = (String) ((List<Map<String, Object>>) Api.as(bob)
                        .get("/api/v1/memberships")
                        .then()
                        .statusCode(200)
                        .extract()
                        .as(Map.class)
                        .get("items"))
                .getFirst()
                .get("id");
        bobs = Map.of(
                "user", bobUser,
                "tenant", bobTenant,
                "role", roleId,
                "apiKey", apiKey,
                "agentToken", agentToken,
                "membership", membership);
    }

    private static String created(Response r) {
        return (String) r.then().statusCode(201).extract().as(Map.class).get("id");
    }

    private static void notFound(Function<io.restassured.specification.RequestSpecification, Response> call) {
        HostileTest.rejected(404, "not-found", () -> call.apply(Api.as(alice)));
    }

    @Test
    void everyEndpointAnswers404ForAnotherTenantsIds() {
        String user = bobs.get("user");
        String tenant = bobs.get("tenant");
        String role = bobs.get("role");
        String key = bobs.get("apiKey");
        String agent = bobs.get("agentToken");
        String membership = bobs.get("membership");
        notFound(s -> s.get("/api/v1/users/" + user));
        notFound(s -> s.body(Map.of("name", "pwned")).patch("/api/v1/users/" + user));
        notFound(s -> s.get("/api/v1/tenants/" + tenant));
        notFound(s -> s.body(Map.of("name", "pwned")).patch("/api/v1/tenants/" + tenant));
        notFound(s -> s.delete("/api/v1/tenants/" + tenant));
        notFound(s -> s.body(Map.of("role", "viewer")).patch("/api/v1/memberships/" + membership));
        notFound(s -> s.delete("/api/v1/memberships/" + membership));
        notFound(s -> s.get("/api/v1/roles/" + role));
        notFound(s -> s.body(Map.of("name", "pwned", "permissions", List.of())).put("/api/v1/roles/" + role));
        notFound(s -> s.delete("/api/v1/roles/" + role));
        notFound(s -> s.get("/api/v1/api-keys/" + key));
        notFound(s -> s.delete("/api/v1/api-keys/" + key));
        notFound(s -> s.get("/api/v1/agent-tokens/" + agent));
        notFound(s -> s.delete("/api/v1/agent-tokens/" + agent));
    }

    @Test
    void listsShowOnlyTheCallersTenant() {
        String all = String.join(
                "\n",
                Api.as(alice).get("/api/v1/users").asString(),
                Api.as(alice).get("/api/v1/memberships").asString(),
                Api.as(alice).get("/api/v1/roles").asString(),
                Api.as(alice).get("/api/v1/api-keys").asString(),
                Api.as(alice).get("/api/v1/agent-tokens").asString(),
                Api.as(alice).get("/api/v1/audit-events").asString(),
                Api.as(alice).get("/api/v1/tenants").asString());
        bobs.values().forEach(id -> assertThat(all).doesNotContain(id));
        assertThat(all).doesNotContain("bobs-role");
    }

    @Test
    void signingInToAnotherTenantIsRefused() {
        String email = (String) Api.me(alice).get("email");
        HostileTest.rejected(404, "not-found", () -> io.restassured.RestAssured.given()
                .contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("email", email, "password", Api.PASSWORD, "tenant", bobs.get("tenant")))
                .post("/api/v1/auth/signin"));
    }
}

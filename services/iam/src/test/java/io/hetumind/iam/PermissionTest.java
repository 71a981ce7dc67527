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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Roles and permissions decide what each member may do; nobody can grant more than they hold. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class PermissionTest {
    String owner;

    @BeforeAll
    static void clean() {
        Schemas.clean("iam", "signing_key", "role");
    }

    @BeforeEach
    void team() {
        owner = Api.newOwner("owner");
    }

    /** Adds a member with {@code role} to the owner's tenant and signs them in. */
    private Map<String, Object> member(String role) {
        return Api.member(owner, role);
    }

    @Test
    void aViewerReadsButChangesNothing() {
        String viewer = (String) member("viewer").get("accessToken");
        Api.as(viewer).get("/api/v1/users").then().statusCode(200);
        Api.as(viewer).get("/api/v1/roles").then().statusCode(200);
        HostileTest.rejected(403, "forbidden", () -> Api.as(viewer)
                .body(Map.of("name", "r", "permissions", List.of("workflow:read")))
                .post("/api/v1/roles"));
        HostileTest.rejected(403, "forbidden", () -> Api.as(viewer)
                .body(Map.of("email", Api.email("x"), "role", "viewer"))
                .post("/api/v1/invitations"));
        HostileTest.rejected(403, "forbidden", () -> Api.as(viewer)
                .body(Map.of("name", "k", "permissions", List.of("workflow:read")))
                .post("/api/v1/api-keys"));
        HostileTest.rejected(403, "forbidden", () -> Api.as(viewer).get("/api/v1/audit-events"));
        HostileTest.rejected(403, "forbidden", () -> Api.as(viewer).post("/api/v1/keys/rotate"));
    }

    @Test
    void anAdminCannotMakeOwnersNorGrantWhatTheyLack() {
        String admin = (String) member("admin").get("accessToken");
        HostileTest.rejected(403, "forbidden", () -> Api.as(admin)
                .body(Map.of("email", Api.email("o"), "role", "owner"))
                .post("/api/v1/invitations"));
        HostileTest.rejected(403, "forbidden", () -> Api.as(admin)
                .body(Map.of("name", "deleter", "permissions", List.of("tenant:delete")))
                .post("/api/v1/roles"));
        HostileTest.rejected(400, "validation", () -> Api.as(admin)
                .body(Map.of("name", "bogus", "permissions", List.of("root:everything")))
                .post("/api/v1/roles"));
        String ownerMembership = membershipOf((String) Api.me(owner).get("email"));
        HostileTest.rejected(403, "forbidden", () -> Api.as(admin)
                .body(Map.of("role", "viewer"))
                .patch("/api/v1/memberships/" + ownerMembership));
    }

    @Test
    void theLastOwnerStays() {
        String mine = membershipOf((String) Api.me(owner).get("email"));
        HostileTest.rejected(409, "conflict", () -> Api.as(owner).delete("/api/v1/memberships/" + mine));
        HostileTest.rejected(409, "conflict", () -> Api.as(owner)
                .body(Map.of("role", "admin"))
                .patch("/api/v1/memberships/" + mine));
    }

    @Test
    void customRolesGrantExactlyTheirPermissions() {
        Api.as(owner)
                .body(Map.of("name", "runner", "permissions", List.of("execution:run", "workflow:read")))
                .post("/api/v1/roles")
                .then()
                .statusCode(201);
        Map<String, Object> runner = member("runner");
        assertThat((List<String>) Api.me((String) runner.get("accessToken")).get("permissions"))
                .containsExactlyInAnyOrder("execution:run", "workflow:read");
    }

    @Test
    void aRoleChangeEndsTheMembersSessions() {
        Map<String, Object> viewer = member("viewer");
        String email = (String) Api.me((String) viewer.get("accessToken")).get("email");
        Api.as(owner)
                .body(Map.of("role", "editor"))
                .patch("/api/v1/memberships/" + membershipOf(email))
                .then()
                .statusCode(204);
        Api.problem(
                given().contentType(ContentType.JSON)
                        .body(Map.of("refreshToken", viewer.get("refreshToken")))
                        .post("/api/v1/auth/refresh"),
                401,
                "unauthorized");
        // The access token of the old role ends at once too (its session is on the revocation list).
        Api.problem(Api.as((String) viewer.get("accessToken")).get("/api/v1/users/me"), 401, "unauthorized");
        String editor = (String) Api.signin(email, Api.PASSWORD).get("accessToken");
        assertThat((List<String>) Api.me(editor).get("permissions")).contains("workflow:write");
    }

    @Test
    void builtInRolesAreReadOnly() {
        List<Map<String, Object>> roles = (List<Map<String, Object>>) Api.as(owner)
                .get("/api/v1/roles")
                .then()
                .statusCode(200)
                .extract()
                .as(Map.class)
                .get("items");
        String ownerRole = (String) roles.stream()
                .filter(r -> r.get("name").equals("owner"))
                .findFirst()
                .orElseThrow()
                .get("id");
        HostileTest.rejected(409, "conflict", () -> Api.as(owner).delete("/api/v1/roles/" + ownerRole));
    }

    private String membershipOf(String email) {
        List<Map<String, Object>> items = (List<Map<String, Object>>) Api.as(owner)
                .get("/api/v1/memberships")
                .then()
                .statusCode(200)
                .extract()
                .as(Map.class)
                .get("items");
        return (String) items.stream()
                .filter(m -> email.equals(m.get("email")))
                .findFirst()
                .orElseThrow()
                .get("id");
    }
}

package io.hetumind.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.testkit.PostgresTestResource;
import io.hetumind.testkit.Schemas;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Finding 1: nobody becomes a member without accepting, and an inviter learns nothing about other accounts. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class MembershipConsentTest {

    @BeforeAll
    static void clean() {
        Schemas.clean("iam", "signing_key", "role");
    }

    private static List<Map<String, Object>> members(String token) {
        return (List<Map<String, Object>>) Api.as(token)
                .get("/api/v1/memberships")
                .then()
                .statusCode(200)
                .extract()
                .as(Map.class)
                .get("items");
    }

    @Test
    void aStrangersOwnTenantCannotPullSomeoneInNorRenameThem() {
        String nobody = Api.email("nobody");
        String victim = Api.newOwner("victim-" + System.nanoTime());
        Map<String, Object> victimMe = Api.me(victim);
        String victimAddress = (String) victimMe.get("email");
        // The attack of the issue: any user makes a tenant of their own and tries to add the victim to it.
        String attacker = Api.newOwner("attacker");
        HostileTest.rejected(405, "method-not-allowed", () -> Api.as(attacker)
                .body(Map.of("email", victimAddress, "role", "viewer"))
                .post("/api/v1/memberships"));

        Map<String, Object> known = Api.as(attacker)
                .body(Map.of("email", victimAddress, "role", "viewer"))
                .post("/api/v1/invitations")
                .then()
                .statusCode(201)
                .extract()
                .as(Map.class);
        Map<String, Object> unknown = Api.as(attacker)
                .body(Map.of("email", nobody, "role", "viewer"))
                .post("/api/v1/invitations")
                .then()
                .statusCode(201)
                .extract()
                .as(Map.class);
        // Same status, same shape, same role: nothing tells whether an account is behind the address.
        assertThat(known.keySet()).isEqualTo(unknown.keySet());
        assertThat(known.get("role")).isEqualTo(unknown.get("role"));

        assertThat(members(attacker)).extracting(m -> m.get("email")).doesNotContain(victimAddress);
        HostileTest.rejected(404, "not-found", () -> Api.as(attacker)
                .body(Map.of("name", "pwned"))
                .patch("/api/v1/users/" + victimMe.get("id")));
        assertThat(Api.me(victim).get("name")).isEqualTo(victimMe.get("name"));
    }

    @Test
    void theInviteeBecomesAMemberOnlyByAccepting() {
        String owner = Api.newOwner("owner");
        String bob = Api.newOwner("bob");
        String bobEmail = (String) Api.me(bob).get("email");
        String token = Api.invite(owner, bobEmail, "editor");
        assertThat(members(owner)).extracting(m -> m.get("email")).doesNotContain(bobEmail);
        List<Map<String, Object>> pending = (List<Map<String, Object>>) Api.as(owner)
                .get("/api/v1/invitations")
                .then()
                .statusCode(200)
                .extract()
                .as(Map.class)
                .get("items");
        assertThat(pending).extracting(i -> i.get("email")).contains(bobEmail);

        // Someone else cannot use Bob's invitation.
        String carol = Api.newOwner("carol");
        HostileTest.rejected(404, "not-found", () -> Api.as(carol)
                .body(Map.of("token", token))
                .post("/api/v1/invitations/accept"));

        Map<String, Object> joined = Api.as(bob)
                .body(Map.of("token", token))
                .post("/api/v1/invitations/accept")
                .then()
                .statusCode(201)
                .extract()
                .as(Map.class);
        assertThat(joined.get("role")).isEqualTo("editor");
        assertThat(members(owner)).extracting(m -> m.get("email")).contains(bobEmail);
        // Used once only.
        HostileTest.rejected(
                404, "not-found", () -> Api.as(bob).body(Map.of("token", token)).post("/api/v1/invitations/accept"));
    }

    @Test
    void aTenantAdminChangesTheMembershipButNotThePersonsProfile() {
        String owner = Api.newOwner("owner");
        Map<String, Object> member = Api.member(owner, "viewer");
        Map<String, Object> memberMe = Api.me((String) member.get("accessToken"));
        HostileTest.rejected(403, "forbidden", () -> Api.as(owner)
                .body(Map.of("name", "renamed by an admin"))
                .patch("/api/v1/users/" + memberMe.get("id")));
        // The person changes their own name.
        Api.as((String) member.get("accessToken"))
                .body(Map.of("name", "My own name"))
                .patch("/api/v1/users/" + memberMe.get("id"))
                .then()
                .statusCode(200);
        assertThat(Api.me((String) member.get("accessToken")).get("name")).isEqualTo("My own name");
    }

    @Test
    void anInvitationCanBeWithdrawnAndThenIsUseless() {
        String owner = Api.newOwner("owner");
        String email = Api.email("late");
        Map<String, Object> created = Api.as(owner)
                .body(Map.of("email", email, "role", "viewer"))
                .post("/api/v1/invitations")
                .then()
                .statusCode(201)
                .extract()
                .as(Map.class);
        Api.as(owner).delete("/api/v1/invitations/" + created.get("id")).then().statusCode(204);
        Api.problem(
                io.restassured.RestAssured.given()
                        .contentType(io.restassured.http.ContentType.JSON)
                        .body(Map.of(
                                "email",
                                email,
                                "password",
                                Api.PASSWORD,
                                "name",
                                "Late",
                                "invitation",
                                created.get("token")))
                        .post("/api/v1/auth/signup"),
                404,
                "not-found");
    }
}

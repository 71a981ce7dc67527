package io.hetumind.studio.credential;

import static io.hetumind.studio.credential.Fixtures.as;
import static io.hetumind.studio.credential.Fixtures.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.hetumind.core.model.CredentialRef;
import io.hetumind.core.spi.CredentialResolver;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Who sees, changes and uses a credential: its owner and the tenant's admins manage it; users it is shared with (or
 * everyone, tenant-wide) see and use it; runs without a user (triggers) use tenant-wide ones only.
 */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class CredentialSharingTest {
    private static final String DATA = "{\"name\":\"X\",\"value\":\"shared-secret-1\"}";

    @Inject
    TenantCredentials tenantCredentials;

    /** Whether the run may use the credential; one it exists but may not use fails the node, saying why. */
    private static boolean resolves(CredentialResolver r, String id) {
        try {
            return r.resolve(new CredentialRef(id, null), "httpHeaderAuth").isPresent();
        } catch (io.hetumind.core.spi.NodeException e) {
            assertThat(e.getMessage()).contains("is not available to this run");
            return false;
        }
    }

    @Test
    void ownersAdminsSharedUsersAndTriggersEachGetWhatTheRulesSay() {
        String owner = Iam.newTenant().ownerToken();
        String member = Fixtures.member(owner, "editor");
        UUID tenant = Fixtures.tenant(owner);
        assertThat(Fixtures.tenant(member)).isEqualTo(tenant);
        UUID memberId = Fixtures.user(member);

        String own = create(owner, "private", "httpHeaderAuth", DATA, null);
        String toMember = create(owner, "to member", "httpHeaderAuth", DATA, "{\"users\":[\"" + memberId + "\"]}");
        String everyone = create(owner, "everyone", "httpHeaderAuth", DATA, "{\"tenant\":true}");
        String members = create(member, "member's own", "httpHeaderAuth", DATA, null);

        // the member sees what is shared with them and their own
        as(member)
                .get("/api/v1/credentials")
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(toMember, everyone, members)));
        as(member).get("/api/v1/credentials/" + own).then().statusCode(404);
        as(member)
                .get("/api/v1/credentials/" + toMember)
                .then()
                .statusCode(200)
                .body("sharing.users", equalTo(List.of(memberId.toString())));
        // …may use but not change what is only shared with them
        as(member)
                .body("{\"name\":\"taken over\"}")
                .patch("/api/v1/credentials/" + toMember)
                .then()
                .statusCode(403);
        as(member).delete("/api/v1/credentials/" + everyone).then().statusCode(403);
        as(member)
                .body("{\"name\":\"x\"}")
                .patch("/api/v1/credentials/" + own)
                .then()
                .statusCode(404);
        // the owner of the tenant (an admin) sees and manages everything, the member's credential included
        as(owner)
                .get("/api/v1/credentials")
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(own, toMember, everyone, members)));
        as(owner)
                .body("{\"sharing\":{\"tenant\":true}}")
                .patch("/api/v1/credentials/" + members)
                .then()
                .statusCode(200)
                .body("sharing.tenant", equalTo(true));

        CredentialResolver forMember = tenantCredentials.resolverFor(tenant, memberId);
        assertThat(resolves(forMember, own)).isFalse();
        assertThat(resolves(forMember, toMember)).isTrue();
        assertThat(resolves(forMember, everyone)).isTrue();
        assertThat(resolves(forMember, members)).isTrue();
        CredentialResolver forOwner = tenantCredentials.resolverFor(tenant, Fixtures.user(owner));
        assertThat(resolves(forOwner, own)).isTrue();
        CredentialResolver forTrigger = tenantCredentials.resolverFor(tenant, null);
        assertThat(resolves(forTrigger, own)).isFalse();
        assertThat(resolves(forTrigger, toMember)).isFalse();
        assertThat(resolves(forTrigger, everyone)).isTrue();

        // unsharing takes effect for the next run
        as(owner)
                .body("{\"sharing\":{\"users\":[]}}")
                .patch("/api/v1/credentials/" + toMember)
                .then()
                .statusCode(200);
        assertThat(resolves(tenantCredentials.resolverFor(tenant, memberId), toMember))
                .isFalse();
        as(member).get("/api/v1/credentials").then().body("items.id", not(hasItem(toMember)));
    }

    @Test
    void permissionsAreChecked() {
        String owner = Iam.newTenant().ownerToken();
        String viewer = Fixtures.member(owner, "viewer");
        String id = create(owner, "x", "httpHeaderAuth", DATA, "{\"tenant\":true}");
        as(viewer).get("/api/v1/credentials").then().statusCode(403);
        as(viewer).get("/api/v1/credentials/" + id).then().statusCode(403);
        as(viewer)
                .body("{\"name\":\"y\",\"type\":\"postgres\",\"data\":{}}")
                .post("/api/v1/credentials")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        as(viewer).get("/api/v1/credential-keys").then().statusCode(403);
    }

    @Test
    void aRunFindsAnImportedReferenceByNameOnlyForItsTypeAndTenant() {
        String owner = Iam.newTenant().ownerToken();
        String id = create(owner, "Header Auth account", "httpHeaderAuth", DATA, null);
        CredentialResolver r = tenantCredentials.resolverFor(Fixtures.tenant(owner), Fixtures.user(owner));
        // n8n exports carry n8n's ids
        assertThat(r.resolve(new CredentialRef("nG7pQ2xYz", "Header Auth account"), "httpHeaderAuth"))
                .get()
                .satisfies(d -> assertThat(d.get("value").asText()).isEqualTo("shared-secret-1"));
        assertThat(r.resolve(new CredentialRef("nG7pQ2xYz", "Header Auth account"), "httpBasicAuth"))
                .isEmpty();
        assertThat(r.resolve(new CredentialRef(id, null), "httpBasicAuth")).isEmpty();
        assertThat(r.resolve(new CredentialRef("nG7pQ2xYz", "another"), "httpHeaderAuth"))
                .isEmpty();
        // each resolve hands out a copy: a node changing it changes nothing for the next
        r.resolve(new CredentialRef(id, null), "httpHeaderAuth").get().put("value", "changed");
        assertThat(r.resolve(new CredentialRef(id, null), "httpHeaderAuth")
                        .get()
                        .get("value")
                        .asText())
                .isEqualTo("shared-secret-1");
    }
}

package io.hetumind.studio.trigger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.hetumind.studio.testsupport.Fixtures;
import io.hetumind.studio.testsupport.Flows;
import io.hetumind.studio.workflow.StoredWorkflow;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The Webhook node's basic and header authentication against the credential on the node, stored through the
 * credentials API and shared with the tenant (trigger runs use what the whole tenant may use).
 */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class WebhookAuthTest {
    @Inject
    Triggers triggers;

    @Inject
    DataSource db;

    private final String owner = Iam.newTenant().ownerToken();
    private final UUID tenant = Fixtures.tenantOf(owner);

    /** Stores a credential shared with the whole tenant; returns its id. */
    private String credential(String type, java.util.Map<String, Object> data) {
        return given().auth()
                .oauth2(owner)
                .contentType("application/json")
                .body(java.util.Map.of(
                        "name",
                        type + "-" + UUID.randomUUID(),
                        "type",
                        type,
                        "data",
                        data,
                        "sharing",
                        java.util.Map.of("tenant", true)))
                .post("/api/v1/credentials")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private String activate(String jsonWithPath, String path) {
        StoredWorkflow wf = Fixtures.save(db, tenant, jsonWithPath);
        QuarkusTransaction.requiringNew().run(() -> triggers.activate(wf));
        return path;
    }

    private static String unique(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void basicAndHeaderAuthUseTheNodesCredential() {
        String cred = credential("httpBasicAuth", java.util.Map.of("user", "hook", "password", "s3cret"));
        String basic = unique("basic");
        activate(
                Flows.webhookOnly("{\"path\":\"" + basic + "\",\"authentication\":\"basicAuth\"}")
                        .replace(
                                "\"parameters\":",
                                "\"credentials\":{\"httpBasicAuth\":{\"id\":\"" + cred
                                        + "\",\"name\":\"hook\"}},\"parameters\":"),
                basic);
        given().get("/webhook/" + basic)
                .then()
                .statusCode(401)
                .header("www-authenticate", "Basic realm=\"Webhook\"")
                .body("detail", equalTo("Authorization is required!"));
        given().auth()
                .preemptive()
                .basic("hook", "wrong")
                .get("/webhook/" + basic)
                .then()
                .statusCode(401);
        given().auth()
                .preemptive()
                .basic("hook", "s3cret")
                .get("/webhook/" + basic)
                .then()
                .statusCode(200);

        String hcred = credential("httpHeaderAuth", java.util.Map.of("name", "X-Key", "value", "k-1"));
        String header = unique("header");
        activate(
                Flows.webhookOnly("{\"path\":\"" + header + "\",\"authentication\":\"headerAuth\"}")
                        .replace(
                                "\"parameters\":",
                                "\"credentials\":{\"httpHeaderAuth\":{\"id\":\"" + hcred
                                        + "\",\"name\":\"key\"}},\"parameters\":"),
                header);
        given().get("/webhook/" + header).then().statusCode(403);
        given().header("X-Key", "k-2").get("/webhook/" + header).then().statusCode(403);
        given().header("X-Key", "k-1").get("/webhook/" + header).then().statusCode(200);
    }
}

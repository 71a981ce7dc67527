package io.hetumind.studio.trigger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.hetumind.core.spi.Json;
import io.hetumind.studio.testsupport.Fixtures;
import io.hetumind.studio.testsupport.Flows;
import io.hetumind.studio.testsupport.StandInCredentials;
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
 * The Webhook node's basic and header authentication against the credential on the node. Credentials come from the
 * TEST-ONLY {@link StandInCredentials} until the credentials area is merged; then this test should store them through
 * that area instead (it is the only test that depends on the stand-in's contents).
 */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class WebhookAuthTest {
    @Inject
    Triggers triggers;

    @Inject
    DataSource db;

    private final UUID tenant = Fixtures.tenantOf(Iam.newTenant().ownerToken());

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
        String cred = UUID.randomUUID().toString();
        StandInCredentials.put(tenant, cred, (com.fasterxml.jackson.databind.node.ObjectNode)
                Json.parse("{\"user\":\"hook\",\"password\":\"s3cret\"}"));
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

        String hcred = UUID.randomUUID().toString();
        StandInCredentials.put(tenant, hcred, (com.fasterxml.jackson.databind.node.ObjectNode)
                Json.parse("{\"name\":\"X-Key\",\"value\":\"k-1\"}"));
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

package io.hetumind.studio.trigger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.hetumind.studio.testsupport.Fixtures;
import io.hetumind.studio.testsupport.Flows;
import io.hetumind.studio.workflow.StoredWorkflow;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The designer's listen mode: /webhook-test answers exactly one request per registration. */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class TestWebhookListenTest {
    @Inject
    DataSource db;

    @Test
    void aRegistrationCapturesTheNextRequestOnly() {
        String token = Iam.newTenant().ownerToken();
        String path = "listen-" + UUID.randomUUID().toString().substring(0, 8);
        StoredWorkflow wf = Fixtures.save(db, Fixtures.tenantOf(token), Flows.lastNode(path, "POST", "firstEntryJson"));
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/webhook-test/" + path)
                .then()
                .statusCode(404);

        String id = given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("workflowId", wf.workflowId()))
                .post("/api/v1/webhook-tests")
                .then()
                .statusCode(201)
                .body("status", equalTo("waiting"))
                .body("urls[0]", org.hamcrest.Matchers.endsWith("/webhook-test/" + path))
                .extract()
                .path("id");
        // the production URL is not registered by listening
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/webhook/" + path)
                .then()
                .statusCode(404);
        given().contentType(ContentType.JSON)
                .body("{\"x\":1}")
                .post("/webhook-test/" + path)
                .then()
                .statusCode(202)
                .body("executionMode", equalTo("test"))
                .body("body.x", equalTo(1));
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/webhook-test/" + path)
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(token)
                .get("/api/v1/webhook-tests/" + id)
                .then()
                .statusCode(200)
                .body("status", equalTo("captured"))
                .body("executionId", notNullValue());
    }

    @Test
    void twoWorkflowsCannotListenOnTheSamePathAtOnce() {
        String token = Iam.newTenant().ownerToken();
        String path = "both-" + UUID.randomUUID().toString().substring(0, 8);
        StoredWorkflow one = Fixtures.save(db, Fixtures.tenantOf(token), Flows.lastNode(path, "GET", "noData"));
        StoredWorkflow two = Fixtures.save(db, Fixtures.tenantOf(token), Flows.lastNode(path, "GET", "noData"));
        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("workflowId", one.workflowId()))
                .post("/api/v1/webhook-tests")
                .then()
                .statusCode(201);
        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("workflowId", two.workflowId()))
                .post("/api/v1/webhook-tests")
                .then()
                .statusCode(409)
                .body("type", equalTo("https://hetumind.io/problems/webhook-path-taken"));
        // listening again with the same workflow replaces its registration
        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("workflowId", one.workflowId()))
                .post("/api/v1/webhook-tests")
                .then()
                .statusCode(201);
        given().get("/webhook-test/" + path).then().statusCode(202);
    }

    @Test
    void anotherTenantsWorkflowAndRegistrationAre404() {
        String owner = Iam.newTenant().ownerToken();
        String stranger = Iam.newTenant().ownerToken();
        String path = "mine-" + UUID.randomUUID().toString().substring(0, 8);
        StoredWorkflow wf = Fixtures.save(db, Fixtures.tenantOf(owner), Flows.lastNode(path, "GET", "noData"));
        given().auth()
                .oauth2(stranger)
                .contentType(ContentType.JSON)
                .body(Map.of("workflowId", wf.workflowId()))
                .post("/api/v1/webhook-tests")
                .then()
                .statusCode(404);
        String id = given().auth()
                .oauth2(owner)
                .contentType(ContentType.JSON)
                .body(Map.of("workflowId", wf.workflowId()))
                .post("/api/v1/webhook-tests")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().auth()
                .oauth2(stranger)
                .get("/api/v1/webhook-tests/" + id)
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(stranger)
                .delete("/api/v1/webhook-tests/" + id)
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(owner)
                .delete("/api/v1/webhook-tests/" + id)
                .then()
                .statusCode(204);
        assertThat(given().get("/webhook-test/" + path).statusCode()).isEqualTo(404);
        given().contentType(ContentType.JSON)
                .body(Map.of("workflowId", wf.workflowId()))
                .post("/api/v1/webhook-tests")
                .then()
                .statusCode(401);
    }
}

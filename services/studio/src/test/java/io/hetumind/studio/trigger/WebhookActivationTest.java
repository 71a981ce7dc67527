package io.hetumind.studio.trigger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.hetumind.platform.problem.ProblemException;
import io.hetumind.studio.testsupport.Fixtures;
import io.hetumind.studio.testsupport.Flows;
import io.hetumind.studio.workflow.StoredWorkflow;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Activation (validation, conflicts, removal) and how /webhook routes requests, before any run matters. */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class WebhookActivationTest {
    @Inject
    Triggers triggers;

    @Inject
    DataSource db;

    private final UUID tenant = Fixtures.tenantOf(Iam.newTenant().ownerToken());

    private StoredWorkflow activate(String json) {
        StoredWorkflow wf = Fixtures.save(db, tenant, json);
        QuarkusTransaction.requiringNew().run(() -> triggers.activate(wf));
        return wf;
    }

    private static String unique(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void answersActiveWebhooksAndRefusesOtherMethodsAndPaths() {
        String path = unique("hello");
        activate(Flows.webhookOnly("{\"path\":\"" + path + "\",\"httpMethod\":\"GET\"}"));
        given().get("/webhook/" + path).then().statusCode(200).body("message", equalTo("Workflow was started"));
        given().get("/webhook/" + path + "/").then().statusCode(200);
        given().post("/webhook/" + path)
                .then()
                .statusCode(405)
                .header("Allow", "GET")
                .contentType("application/problem+json")
                .body(
                        "detail",
                        equalTo("This webhook is not registered for POST requests. Did you mean to make a GET"
                                + " request?"));
        given().get("/webhook/" + path + "-nope")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://hetumind.io/problems/webhook-not-registered"))
                .body("detail", containsString("The requested webhook \"GET " + path + "-nope\" is not registered."));
    }

    @Test
    void samePathAndMethodInTwoActiveWorkflowsIsAConflictThatChangesNothing() {
        String path = unique("taken");
        StoredWorkflow first = activate(Flows.webhookOnly("{\"path\":\"" + path + "\",\"httpMethod\":\"POST\"}"));
        StoredWorkflow second =
                Fixtures.save(db, tenant, Flows.webhookOnly("{\"path\":\"/" + path + "\",\"httpMethod\":\"POST\"}"));
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> triggers.activate(second)))
                .isInstanceOfSatisfying(ProblemException.class, p -> {
                    assertThat(p.status()).isEqualTo(409);
                    assertThat(p.getMessage())
                            .contains("POST " + path)
                            .contains(first.workflowId().toString());
                });
        assertThat(rows("SELECT count(*) FROM webhook WHERE workflow_id = '" + second.workflowId() + "'"))
                .isZero();
        // another method on the same path is free
        activate(Flows.webhookOnly("{\"path\":\"" + path + "\",\"httpMethod\":\"GET\"}"));
        given().get("/webhook/" + path).then().statusCode(200);
        given().post("/webhook/" + path).then().statusCode(200);
        // parameter paths of the same shape conflict too
        activate(Flows.webhookOnly("{\"path\":\"" + path + "/:id\",\"httpMethod\":\"POST\"}"));
        StoredWorkflow shape = Fixtures.save(
                db, tenant, Flows.webhookOnly("{\"path\":\"" + path + "/:other\",\"httpMethod\":\"POST\"}"));
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> triggers.activate(shape)))
                .isInstanceOfSatisfying(
                        ProblemException.class, p -> assertThat(p.status()).isEqualTo(409));
    }

    @Test
    void deactivationRemovesTheRoute() {
        String path = unique("bye");
        StoredWorkflow wf = activate(Flows.webhookOnly("{\"path\":\"" + path + "\",\"httpMethod\":\"GET\"}"));
        given().get("/webhook/" + path).then().statusCode(200);
        QuarkusTransaction.requiringNew().run(() -> triggers.deactivate(wf.tenantId(), wf.workflowId()));
        given().get("/webhook/" + path).then().statusCode(404);
        // another tenant cannot deactivate it: the rows are scoped by tenant
        StoredWorkflow again = activate(Flows.webhookOnly("{\"path\":\"" + path + "\",\"httpMethod\":\"GET\"}"));
        QuarkusTransaction.requiringNew().run(() -> triggers.deactivate(UUID.randomUUID(), again.workflowId()));
        given().get("/webhook/" + path).then().statusCode(200);
    }

    @Test
    void aWorkflowWithoutAnAutomaticTriggerCannotBeActivated() {
        StoredWorkflow wf = Fixtures.save(db, tenant, Flows.manualOnly());
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> triggers.activate(wf)))
                .isInstanceOfSatisfying(ProblemException.class, p -> {
                    assertThat(p.status()).isEqualTo(400);
                    assertThat(p.slug()).isEqualTo("no-trigger");
                });
    }

    @Test
    void badPathsAndUnsupportedAuthAreRefusedAtActivation() {
        for (String bad : new String[] {"a/../b", "a//b", "./x", "a b", "x?y", "%2e%2e"}) {
            StoredWorkflow wf =
                    Fixtures.save(db, tenant, Flows.webhookOnly("{\"path\":\"" + bad + "\",\"httpMethod\":\"GET\"}"));
            assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> triggers.activate(wf)))
                    .as(bad)
                    .isInstanceOfSatisfying(ProblemException.class, p -> {
                        assertThat(p.status()).isEqualTo(400);
                        assertThat(p.errors().getFirst().field()).isEqualTo("nodes.Webhook.parameters.path");
                    });
        }
        StoredWorkflow jwt = Fixtures.save(
                db, tenant, Flows.webhookOnly("{\"path\":\"" + unique("jwt") + "\",\"authentication\":\"jwtAuth\"}"));
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> triggers.activate(jwt)))
                .isInstanceOfSatisfying(
                        ProblemException.class, p -> assertThat(p.status()).isEqualTo(400));
        StoredWorkflow noCredential = Fixtures.save(
                db,
                tenant,
                Flows.webhookOnly("{\"path\":\"" + unique("basic") + "\",\"authentication\":\"basicAuth\"}"));
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> triggers.activate(noCredential)))
                .isInstanceOfSatisfying(
                        ProblemException.class, p -> assertThat(p.getMessage()).contains("httpBasicAuth"));
    }

    @Test
    void requestPathsCannotEscapeTheirSegment() {
        String path = unique("safe");
        activate(Flows.webhookOnly("{\"path\":\"" + path + "/:id\",\"httpMethod\":\"GET\"}"));
        given().urlEncodingEnabled(false).get("/webhook/" + path + "/x").then().statusCode(200);
        for (String escape : new String[] {"%2e%2e", "%2E", "a%2Fb", "a%5Cb", "%00"}) {
            int status = given().urlEncodingEnabled(false)
                    .get("/webhook/" + path + "/" + escape)
                    .statusCode();
            assertThat(status).as(escape).isEqualTo(404);
        }
        given().urlEncodingEnabled(false).get("/webhook/").then().statusCode(404);
    }

    @Test
    void aWebhookAnotherReplicaRegisteredIsRoutedAfterItsNotice() throws Exception {
        // what another studio process does on activation: rows, then the notice, and nothing in this process's memory
        String path = unique("elsewhere");
        StoredWorkflow wf =
                Fixtures.save(db, tenant, Flows.webhookOnly("{\"path\":\"" + path + "\",\"httpMethod\":\"PUT\"}"));
        given().put("/webhook/" + path).then().statusCode(404);
        try (Connection c = db.getConnection();
                var insert = c.prepareStatement("INSERT INTO webhook (method, path_key, path, tenant_id, workflow_id,"
                        + " workflow_version, node) VALUES ('PUT', ?, ?, ?, ?, 1, ?::jsonb)");
                var notify = c.prepareStatement("SELECT pg_notify('hetumind_triggers', ?)")) {
            insert.setString(1, path);
            insert.setString(2, path);
            insert.setObject(3, tenant);
            insert.setObject(4, wf.workflowId());
            insert.setString(5, NodeCodec.write(wf.workflow(), "Webhook"));
            insert.executeUpdate();
            notify.setString(1, "webhook " + wf.workflowId());
            notify.execute();
        }
        long deadline = System.currentTimeMillis() + 5_000;
        int status = 404;
        while (status == 404 && System.currentTimeMillis() < deadline) {
            status = given().put("/webhook/" + path).statusCode();
            Thread.sleep(50);
        }
        assertThat(status).isEqualTo(200);
        try (Connection c = db.getConnection();
                var delete = c.prepareStatement("DELETE FROM webhook WHERE workflow_id = ?");
                var notify = c.prepareStatement("SELECT pg_notify('hetumind_triggers', ?)")) {
            delete.setObject(1, wf.workflowId());
            delete.executeUpdate();
            notify.setString(1, "webhook " + wf.workflowId());
            notify.execute();
        }
        deadline = System.currentTimeMillis() + 5_000;
        while (status == 200 && System.currentTimeMillis() < deadline) {
            status = given().put("/webhook/" + path).statusCode();
            Thread.sleep(50);
        }
        assertThat(status).isEqualTo(404);
    }

    @Test
    void readinessAndMetricsCoverTheTriggers() {
        given().get("/webhook/" + unique("metered")).then().statusCode(404);
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'triggers' }.status", equalTo("UP"));
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .containsPattern(
                        "hetumind_webhook_requests_seconds_count\\{[^}]*kind=\"production\"[^}]*status=\"404\"")
                .contains("hetumind_webhooks_registered")
                .contains("hetumind_schedule_fires_total")
                .contains("hetumind_schedule_misfires_total");
    }

    private long rows(String sql) {
        try (Connection c = db.getConnection();
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

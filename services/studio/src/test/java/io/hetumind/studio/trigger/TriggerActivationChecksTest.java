package io.hetumind.studio.trigger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.hetumind.studio.testsupport.Flows;
import io.hetumind.studio.testsupport.TestPlugins;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/workflows/{id}/activate} reads every trigger's schedule rules, webhook settings and listening
 * target before it writes anything: a bad cron, a bad schedule rule, a bad webhook setting, a bad listening target,
 * and a plugin trigger whose code throws are each a 400 problem naming the node and the field, and the workflow stays
 * inactive with nothing registered.
 */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class TriggerActivationChecksTest {

    @Inject
    DataSource db;

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    private static String create(String token, String body) {
        return as(token)
                .body(body)
                .post("/api/v1/workflows")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static String single(String name, String type, double version, String parameters) {
        return """
                {"name":"checked","nodes":[
                 {"id":"1","name":"%s","type":"%s","typeVersion":%s,"position":[0,0],"parameters":%s}],
                 "connections":{}}
                """
                .formatted(name, type, version, parameters);
    }

    /** Activation is refused with a 400 naming {@code field}; the workflow is inactive and holds no trigger rows. */
    private ValidatableResponse refused(String token, String wf, String field) throws Exception {
        ValidatableResponse r = as(token)
                .post("/api/v1/workflows/" + wf + "/activate")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo(field));
        as(token).get("/api/v1/workflows/" + wf).then().statusCode(200).body("active", equalTo(false));
        assertThat(triggerRows(UUID.fromString(wf))).isZero();
        return r;
    }

    private int triggerRows(UUID workflow) throws Exception {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT (SELECT count(*) FROM webhook WHERE workflow_id = ?)"
                        + " + (SELECT count(*) FROM schedule WHERE workflow_id = ?)"
                        + " + (SELECT count(*) FROM listener WHERE workflow_id = ?)")) {
            ps.setObject(1, workflow);
            ps.setObject(2, workflow);
            ps.setObject(3, workflow);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void badCronExpressionsAndScheduleRulesAreRefusedNamingNodeAndField() throws Exception {
        var tenant = Iam.newTenant();
        String token = tenant.ownerToken();

        String cron = create(
                token,
                single(
                        "Cron",
                        "n8n-nodes-base.cron",
                        1,
                        "{\"triggerTimes\":{\"item\":[{\"mode\":\"custom\",\"cronExpression\":\"61 * * * * *\"}]}}"));
        refused(token, cron, "nodes.Cron.parameters.triggerTimes.item.0")
                .body("detail", containsString("cron expression '61 * * * * *'"));

        String badExpression =
                create(token, Flows.schedule("{\"field\":\"cronExpression\",\"expression\":\"every tuesday\"}", "UTC"));
        refused(token, badExpression, "nodes.Schedule Trigger.parameters.rule.interval.0");

        String outOfRange = create(token, Flows.schedule("{\"field\":\"minutes\",\"minutesInterval\":0}", "UTC"));
        refused(token, outOfRange, "nodes.Schedule Trigger.parameters.rule.interval.0.minutesInterval")
                .body("detail", containsString("must be a whole number from 1 to 59, got 0"));

        String unknownField = create(token, Flows.schedule("{\"field\":\"fortnights\"}", "UTC"));
        refused(token, unknownField, "nodes.Schedule Trigger.parameters.rule.interval.0")
                .body("detail", containsString("unknown interval field 'fortnights'"));

        token = tenant.ownerToken(); // tokens live briefly in tests
        String expression =
                create(token, Flows.schedule("{\"field\":\"hours\",\"hoursInterval\":\"={{ 2 }}\"}", "UTC"));
        refused(token, expression, "nodes.Schedule Trigger.parameters.rule.interval.0.hoursInterval")
                .body("detail", containsString("cannot be an expression in a trigger"));
    }

    @Test
    void badWebhookSettingsAndListeningTargetsAreRefusedNamingNodeAndField() throws Exception {
        var tenant = Iam.newTenant();
        String token = tenant.ownerToken();
        String path = "checked-" + UUID.randomUUID();

        String method = create(
                token,
                single("Webhook", "n8n-nodes-base.webhook", 2, "{\"path\":\"" + path + "\",\"httpMethod\":\"FETCH\"}"));
        // an option the node does not offer is caught by the workflow's validation, before the trigger is read
        refused(token, method, "$.nodes[0].parameters.httpMethod");
        given().get("/webhook/" + path).then().statusCode(404);

        String code = create(
                token,
                single("Webhook", "n8n-nodes-base.webhook", 2, "{\"path\":\"" + path + "\",\"responseCode\":99}"));
        refused(token, code, "nodes.Webhook.parameters.responseCode");

        String topics = create(
                token,
                single("MQTT Trigger", "n8n-nodes-base.mqttTrigger", 1, "{\"topics\":\"sensors/#/bad\"}")
                        .replace(
                                "\"parameters\":{\"topics\"",
                                "\"credentials\":{\"mqtt\":{\"id\":\"" + UUID.randomUUID()
                                        + "\",\"name\":\"broker\"}},\"parameters\":{\"topics\""));
        refused(token, topics, "nodes.MQTT Trigger.parameters.topics");
    }

    @Test
    void aPluginTriggerWhoseCodeThrowsIsRefusedNamingNodeAndPlugin() throws Exception {
        var tenant = Iam.newTenant();
        String token = tenant.ownerToken();
        String broken = create(token, single("Probe", "acme-shout.probe", 1, "{\"host\":\"broken\"}"));
        refused(token, broken, "nodes.Probe.parameters")
                .body("detail", containsString("node 'Probe'"))
                .body("detail", containsString("plugin " + TestPlugins.LABEL))
                .body("detail", containsString("the probe's target broke"));

        // the same node with a readable target activates (and is deactivated again)
        token = tenant.ownerToken();
        String fine = create(token, single("Probe", "acme-shout.probe", 1, "{\"host\":\"none\"}"));
        as(token).post("/api/v1/workflows/" + fine + "/activate").then().statusCode(200);
        assertThat(triggerRows(UUID.fromString(fine))).isEqualTo(1);
        as(token).post("/api/v1/workflows/" + fine + "/deactivate").then().statusCode(200);
        assertThat(triggerRows(UUID.fromString(fine))).isZero();
    }
}

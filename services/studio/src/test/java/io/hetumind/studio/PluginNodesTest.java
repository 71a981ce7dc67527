package io.hetumind.studio;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.hetumind.studio.testsupport.TestPlugins;
import io.hetumind.studio.trigger.ListenerHost;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A real plugin jar in {@code hetumind.studio.plugins.dir} (built by {@link TestPlugins} before the app starts): its
 * node types are served with their origin, a workflow that uses them runs through the API, and what the plugin did
 * not declare is refused with a message naming it.
 */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class PluginNodesTest {

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    private static String workflow(String pluginNode) {
        return """
                {"name":"plugin in the studio","nodes":[
                  {"id":"t","name":"Start","type":"hetumind.manualTrigger","typeVersion":1,"position":[0,0],
                   "parameters":{}},
                  {"id":"p","name":"Plugin","typeVersion":1,"position":[200,0],%s}],
                 "connections":{"Start":{"main":[[{"node":"Plugin","type":"main","index":0}]]}}}
                """
                .formatted(pluginNode);
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

    @Test
    void thePluginsNodeTypesAreServedWithTheirOrigin() {
        String token = Iam.newTenant().ownerToken();
        as(token)
                .get("/api/v1/node-types/acme-shout.shout")
                .then()
                .statusCode(200)
                .body("displayName", equalTo("Shout"))
                .body("plugin", equalTo(TestPlugins.LABEL));
        as(token)
                .get("/api/v1/node-types")
                .then()
                .statusCode(200)
                .body("findAll { it.plugin == '" + TestPlugins.LABEL + "' }.type", hasItem("acme-shout.resolve"));
    }

    @Test
    void aWorkflowUsingThePluginNodeRunsThroughTheApi() {
        String token = Iam.newTenant().ownerToken();
        String wf = create(token, workflow("\"type\":\"acme-shout.shout\",\"parameters\":{\"field\":\"name\"}"));
        for (String mode : new String[] {"inline", "queued"}) {
            as(token)
                    .body(Map.of("data", Map.of("name", "Ada"), "mode", mode))
                    .post("/api/v1/workflows/" + wf + "/execute")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("success"))
                    .body("runData.Plugin[0].data.main[0][0].json.name", equalTo("ADA"));
        }
    }

    @Test
    void aHostThePluginDidNotDeclareIsRefusedNamingThePlugin() {
        // the studio's own policy allows loopback in tests; the plugin declares only api.example.com:443
        String token = Iam.newTenant().ownerToken();
        String wf = create(token, workflow("\"type\":\"acme-shout.resolve\",\"parameters\":{\"host\":\"127.0.0.1\"}"));
        as(token)
                .body(Map.of("mode", "inline"))
                .post("/api/v1/workflows/" + wf + "/execute")
                .then()
                .statusCode(200)
                .body("status", equalTo("error"))
                .body(
                        "runData.Plugin[0].error.message",
                        equalTo("refused to connect to 127.0.0.1 port 443 — plugin acme-shout@1.0.0 may only connect"
                                + " to the hosts it declares (api.example.com:443)"));
    }

    @Inject
    ListenerHost listeners;

    private static String probeWorkflow(String token, String host) {
        return create(
                token,
                """
                {"name":"plugin trigger","nodes":[
                  {"id":"p","name":"Probe","type":"acme-shout.probe","typeVersion":1,"position":[0,0],
                   "parameters":{"host":"%s"}}],
                 "connections":{}}
                """
                        .formatted(host));
    }

    @Test
    void aPluginsListeningTriggerStartsRunsThroughTheGuard() throws InterruptedException {
        String token = Iam.newTenant().ownerToken();
        String wf = probeWorkflow(token, "none");
        as(token).post("/api/v1/workflows/" + wf + "/activate").then().statusCode(200);
        try {
            // its event is queued and run from the plugin's own thread, called back with the studio's class loader
            java.util.List<String> statuses = java.util.List.of();
            long until = System.currentTimeMillis() + 30_000;
            while (!statuses.contains("success") && System.currentTimeMillis() < until) {
                Thread.sleep(200);
                statuses = as(token)
                        .queryParam("workflowId", wf)
                        .get("/api/v1/executions")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("items.status", String.class);
            }
            assertThat(statuses).contains("success");
            assertThat(listeners.down()).doesNotContainKey(wf + "/Probe");
        } finally {
            as(token).post("/api/v1/workflows/" + wf + "/deactivate");
        }
    }

    @Test
    void aPluginsListeningTriggerIsRefusedWhatThePluginDidNotDeclareAsItsRunsAre() throws InterruptedException {
        String token = Iam.newTenant().ownerToken();
        String wf = probeWorkflow(token, "127.0.0.1");
        as(token).post("/api/v1/workflows/" + wf + "/activate").then().statusCode(200);
        try {
            String down = null;
            long until = System.currentTimeMillis() + 30_000;
            while (down == null && System.currentTimeMillis() < until) {
                down = listeners.down().get(wf + "/Probe");
                Thread.sleep(100);
            }
            // the studio's own policy allows loopback in tests: only the plugin's declarations refuse it
            assertThat(down)
                    .isEqualTo("refused to connect to 127.0.0.1 port 443 — plugin acme-shout@1.0.0 may only connect"
                            + " to the hosts it declares (api.example.com:443)");
            as(token)
                    .queryParam("workflowId", wf)
                    .get("/api/v1/executions")
                    .then()
                    .statusCode(200)
                    .body("items.size()", equalTo(0));
        } finally {
            as(token).post("/api/v1/workflows/" + wf + "/deactivate");
        }
    }
}

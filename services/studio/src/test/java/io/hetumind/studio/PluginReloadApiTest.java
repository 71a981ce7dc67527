package io.hetumind.studio;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.hetumind.core.spi.NodeType;
import io.hetumind.studio.testsupport.InstanceAdmins;
import io.hetumind.studio.testsupport.TestPlugins;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/plugins/reload} on the one shared app, with a real plugin jar dropped into, replaced in and
 * removed from the plugins directory: new runs use the new version, the catalog follows, a refused version leaves the
 * one in service, an unchanged directory changes nothing, and only an instance administrator may reload.
 */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class PluginReloadApiTest {

    private static final String JAR = "acme-reload.jar";

    private static final String STAMP =
            """
            package acme.reload;

            import io.hetumind.core.model.Item;
            import io.hetumind.core.spi.*;
            import java.util.ArrayList;
            import java.util.List;

            /** Stamps every item with the plugin's version. */
            public final class StampNode implements NodeType {
                public NodeDescriptor descriptor() {
                    return NodeDescriptor.builder("acme-reload.stamp").displayName("Stamp").build();
                }

                public NodeResult execute(NodeContext ctx) {
                    List<Item> out = new ArrayList<>();
                    for (Item it : ctx.items()) {
                        out.add(it.withJson(it.json().deepCopy().put("stamp", "VERSION")));
                    }
                    return NodeResult.of(out);
                }
            }
            """;

    @Inject
    DataSource db;

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    private static void stamp(String version, String sdk) throws Exception {
        TestPlugins.build(
                TestPlugins.DIR,
                JAR,
                Map.of("acme.reload.StampNode", STAMP.replace("VERSION", version)),
                Map.of(
                        "META-INF/services/" + NodeType.class.getName(),
                        "acme.reload.StampNode\n",
                        "META-INF/hetumind-plugin.properties",
                        "name=acme-reload\nversion=" + version + "\nsdk-version=" + sdk + "\n"));
    }

    private static String stampWorkflow(String token) {
        return as(token)
                .body(
                        """
                        {"name":"reloaded plugin","nodes":[
                          {"id":"t","name":"Start","type":"hetumind.manualTrigger","typeVersion":1,"position":[0,0],
                           "parameters":{}},
                          {"id":"s","name":"Stamp","type":"acme-reload.stamp","typeVersion":1,"position":[200,0],
                           "parameters":{}}],
                         "connections":{"Start":{"main":[[{"node":"Stamp","type":"main","index":0}]]}}}
                        """)
                .post("/api/v1/workflows")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static io.restassured.response.ValidatableResponse execute(String token, String wf) {
        return as(token)
                .body(Map.of("data", Map.of("n", 1), "mode", "inline"))
                .post("/api/v1/workflows/" + wf + "/execute")
                .then();
    }

    @Test
    void aTenantUserWithoutInstanceAdminCannotListOrReload() throws Exception {
        String token = InstanceAdmins.owner(db, false).ownerToken();
        as(token).post("/api/v1/plugins/reload").then().statusCode(403);
        as(token).get("/api/v1/plugins").then().statusCode(403);
    }

    @Test
    void aReloadLoadsReplacesRefusesAndUnloadsWithoutARestart() throws Exception {
        Iam admin = InstanceAdmins.owner(db, true);
        try {
            stamp("1.0.0", "1.0.0");
            as(admin.ownerToken())
                    .post("/api/v1/plugins/reload")
                    .then()
                    .statusCode(200)
                    .body("broadcast", equalTo(true))
                    .body("changed", equalTo(true))
                    .body("loaded[0].plugin.plugin", equalTo("acme-reload@1.0.0"))
                    .body("loaded[0].plugin.nodeTypes", hasItem("acme-reload.stamp"))
                    .body("loaded[0].replaces", equalTo(null))
                    .body("kept", hasItem(TestPlugins.LABEL));
            as(admin.ownerToken())
                    .get("/api/v1/node-types/acme-reload.stamp")
                    .then()
                    .statusCode(200)
                    .body("plugin", equalTo("acme-reload@1.0.0"));
            as(admin.ownerToken())
                    .get("/api/v1/node-types")
                    .then()
                    .statusCode(200)
                    .body("type", hasItem("acme-reload.stamp"));
            String wf = stampWorkflow(admin.ownerToken());
            execute(admin.ownerToken(), wf)
                    .statusCode(200)
                    .body("runData.Stamp[0].data.main[0][0].json.stamp", equalTo("1.0.0"));

            stamp("2.0.0", "1.0.0");
            as(admin.ownerToken())
                    .post("/api/v1/plugins/reload")
                    .then()
                    .statusCode(200)
                    .body("loaded[0].plugin.plugin", equalTo("acme-reload@2.0.0"))
                    .body("loaded[0].replaces", equalTo("acme-reload@1.0.0"))
                    .body("unloaded[0].plugin", equalTo("acme-reload@1.0.0"))
                    .body("unloaded[0].replacedBy", equalTo("acme-reload@2.0.0"));
            execute(admin.ownerToken(), wf)
                    .statusCode(200)
                    .body("runData.Stamp[0].data.main[0][0].json.stamp", equalTo("2.0.0"));
            as(admin.ownerToken())
                    .get("/api/v1/node-types/acme-reload.stamp")
                    .then()
                    .body("plugin", equalTo("acme-reload@2.0.0"));

            // nothing changed: nothing happens
            as(admin.ownerToken())
                    .post("/api/v1/plugins/reload")
                    .then()
                    .statusCode(200)
                    .body("changed", equalTo(false))
                    .body("kept", hasItem("acme-reload@2.0.0"));

            // a version for another SDK is refused; 2.0.0 stays in service and says so
            stamp("3.0.0", "9.0.0");
            as(admin.ownerToken())
                    .post("/api/v1/plugins/reload")
                    .then()
                    .statusCode(200)
                    .body("loaded.size()", equalTo(0))
                    .body("refused[0].jar", equalTo(JAR))
                    .body("refused[0].reason", startsWith("it was built for node SDK 9.0.0"))
                    .body("refused[0].stillServing", equalTo("acme-reload@2.0.0"));
            execute(admin.ownerToken(), wf)
                    .statusCode(200)
                    .body("runData.Stamp[0].data.main[0][0].json.stamp", equalTo("2.0.0"));
            as(admin.ownerToken())
                    .get("/api/v1/plugins")
                    .then()
                    .statusCode(200)
                    .body("loaded.plugin", hasItem("acme-reload@2.0.0"))
                    .body("refused.jar", hasItem(JAR));
            given().get("/q/health/well")
                    .then()
                    .body(
                            "checks.find { it.name == 'node-plugins' }.data.'refused.acme-reload.jar'",
                            startsWith("it was built for node SDK 9.0.0"));

            // the jar is removed: its node type goes, and a workflow using it no longer runs
            Files.delete(TestPlugins.DIR.resolve(JAR));
            as(admin.ownerToken())
                    .post("/api/v1/plugins/reload")
                    .then()
                    .statusCode(200)
                    .body("unloaded[0].plugin", equalTo("acme-reload@2.0.0"))
                    .body("unloaded[0].replacedBy", equalTo(null));
            as(admin.ownerToken())
                    .get("/api/v1/node-types/acme-reload.stamp")
                    .then()
                    .statusCode(404);
            as(admin.ownerToken())
                    .get("/api/v1/node-types")
                    .then()
                    .statusCode(200)
                    .body("type", not(hasItem("acme-reload.stamp")));
            String body = execute(admin.ownerToken(), wf).extract().asString();
            assertThat(body).contains("unknown node type 'acme-reload.stamp'").doesNotContain("\"success\"");
            given().get("/q/metrics")
                    .then()
                    .body(containsString("hetumind_plugins_reloads_total{outcome=\"unchanged\",source=\"request\"}"))
                    .body(containsString("hetumind_plugins_reloads_total{outcome=\"refused\",source=\"request\"}"))
                    .body(not(containsString("hetumind_plugins_reloads_total{outcome=\"failed\"")));
        } finally {
            if (Files.deleteIfExists(TestPlugins.DIR.resolve(JAR))) {
                as(admin.ownerToken()).post("/api/v1/plugins/reload"); // the other tests see the directory as it was
            }
        }
    }
}

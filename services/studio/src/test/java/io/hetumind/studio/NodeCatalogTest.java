package io.hetumind.studio;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class NodeCatalogTest {
    @Test
    void listsEveryDescriptorToSignedInUsers() {
        Iam iam = Iam.newTenant(); // ownerToken() renews the short test token on a slow machine
        given().auth()
                .oauth2(iam.ownerToken())
                .get("/api/v1/node-types")
                .then()
                .statusCode(200)
                .body("size()", greaterThan(30))
                .body("findAll { it.displayName == 'Edit Fields (Set)' }.size()", equalTo(1))
                // node modules of their own (libs/nodes-wasm) are found the same way
                .body("findAll { it.type == 'hetumind.wasm' }.size()", equalTo(1))
                // only node plugins' types name a plugin: here the test plugin's three (PluginNodesTest)
                .body(
                        "findAll { it.plugin != null }.type",
                        containsInAnyOrder("acme-shout.shout", "acme-shout.resolve", "acme-shout.probe"));
        // n8n's type names are aliases of ours.
        given().auth()
                .oauth2(iam.ownerToken())
                .get("/api/v1/node-types/n8n-nodes-base.set")
                .then()
                .statusCode(200)
                .body("displayName", equalTo("Edit Fields (Set)"));
        given().auth()
                .oauth2(iam.ownerToken())
                .get("/api/v1/node-types/n8n-nodes-base.nope")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void nodePluginsHaveAWellnessCheck() {
        // the test plugin is loaded and healthy, nothing is refused: UP (PluginLoaderTest covers DOWN)
        given().get("/q/health/well").then().body("checks.find { it.name == 'node-plugins' }.status", equalTo("UP"));
    }

    @Test
    void refusesAnonymousCallers() {
        given().get("/api/v1/node-types").then().statusCode(401);
    }
}

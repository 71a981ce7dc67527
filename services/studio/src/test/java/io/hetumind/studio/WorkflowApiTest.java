package io.hetumind.studio;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class WorkflowApiTest {
    static Iam acme;
    static Iam other;

    @BeforeAll
    static void tenants() {
        acme = Iam.newTenant();
        other = Iam.newTenant();
    }

    static String resource(String name) {
        try (InputStream in = WorkflowApiTest.class.getResourceAsStream("/workflows/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static RequestSpecification as(Iam tenant) {
        return given().auth().oauth2(tenant.ownerToken());
    }

    static String create(Iam tenant, String body) {
        return as(tenant)
                .contentType("application/json")
                .body(body)
                .post("/api/v1/workflows")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    @Test
    void createsReadsAndListsAHetumindDocument() {
        Response created = as(acme).contentType("application/json")
                .body(resource("hello.json"))
                .post("/api/v1/workflows?tags=demo,docs");
        created.then()
                .statusCode(201)
                .header("ETag", "\"1\"")
                .body("version", equalTo(1))
                .body("name", equalTo("Hello world"))
                .body("active", equalTo(false))
                .body("tags", equalTo(List.of("demo", "docs")))
                .body("workflow.nodes", hasSize(2))
                .body("problems", hasSize(0));
        String id = created.path("id");
        assertThat(created.header("Location")).endsWith("/api/v1/workflows/" + id);
        as(acme).get("/api/v1/workflows/" + id)
                .then()
                .statusCode(200)
                .body("workflow.id", equalTo(id))
                .body("workflow.version", equalTo(1))
                .body("workflow.nodes[1].type", equalTo("hetumind.set"));
        as(acme).get("/api/v1/workflows?tag=docs").then().statusCode(200).body("items.id", hasItem(id));
        as(acme).queryParam("name", "hello WOR")
                .get("/api/v1/workflows")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(id));
        as(acme).get("/api/v1/tags").then().statusCode(200).body("tag", hasItem("docs"));
    }

    @Test
    void importsAnN8nExportAsPeopleSaveItStickyNoteIncluded() {
        Response r = as(acme).contentType("application/json")
                .body(resource("n8n-export.json"))
                .post("/api/v1/workflows");
        r.then().statusCode(201).body("name", equalTo("Inbound lead")).body("tags", equalTo(List.of("sales")));
        List<Map<String, Object>> nodes = r.path("workflow.nodes");
        assertThat(nodes)
                .extracting(n -> n.get("type"))
                .containsExactly(
                        "hetumind.webhook", "hetumind.set", "hetumind.respondToWebhook", "hetumind.stickyNote");
        Map<String, Object> note = nodes.get(3);
        assertThat(note.get("parameters"))
                .isEqualTo(Map.of(
                        "content", "## Leads\nNormalises the address.", "height", 200, "width", 300, "color", 4));
        assertThat((String) r.path("id")).isNotEqualTo("Xk3PqR7sT9uV1wY2");
        as(acme).get("/api/v1/workflows/" + r.path("id") + "/versions")
                .then()
                .statusCode(200)
                .body("items[0].source", equalTo("n8n"));
    }

    @Test
    void acceptsYamlAndExportsBothWays() {
        String yaml =
                """
                name: From YAML
                nodes:
                  - name: Start
                    type: hetumind.manualTrigger
                  - name: Set
                    type: hetumind.set
                    typeVersion: 3.4
                    parameters:
                      assignments:
                        assignments:
                          - {id: "1", name: greeting, value: hi, type: string}
                connections:
                  Start:
                    main: [[{node: Set, type: main, index: 0}]]
                """;
        String id = as(acme).contentType("application/yaml")
                .body(yaml.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/workflows")
                .then()
                .statusCode(201)
                .body("name", equalTo("From YAML"))
                .extract()
                .path("id");
        String exported = as(acme).get("/api/v1/workflows/" + id + "/export?format=yaml")
                .then()
                .statusCode(200)
                .header("Content-Disposition", containsString("From_YAML.yaml"))
                .extract()
                .asString();
        assertThat(exported).contains("name: From YAML").contains("type: hetumind.set");
        // The export imports again as a new workflow.
        as(acme).contentType("text/plain")
                .body(exported)
                .post("/api/v1/workflows")
                .then()
                .statusCode(201);
        as(acme).get("/api/v1/workflows/" + id + "/export")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .body("name", equalTo("From YAML"));
    }

    @Test
    void everySaveIsANewVersionAndAStaleSaveLoses() {
        String id = create(acme, resource("hello.json"));
        String v2 = resource("hello.json").replace("Hello, world!", "Hello, v2!");
        as(acme).contentType("application/json")
                .header("If-Match", "\"1\"")
                .body(v2)
                .put("/api/v1/workflows/" + id)
                .then()
                .statusCode(200)
                .header("ETag", "\"2\"")
                .body("version", equalTo(2));
        // A second editor still on version 1 loses, and nothing changes.
        as(acme).contentType("application/json")
                .header("If-Match", "\"1\"")
                .body(resource("hello.json").replace("Hello, world!", "Hello, stale!"))
                .put("/api/v1/workflows/" + id)
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("is at version 2"));
        // No version named: refused rather than overwritten blindly.
        as(acme).contentType("application/json")
                .body(v2)
                .put("/api/v1/workflows/" + id)
                .then()
                .statusCode(428);
        as(acme).get("/api/v1/workflows/" + id + "/versions")
                .then()
                .statusCode(200)
                .body("items.version", equalTo(List.of(2, 1)));
        assertThat(as(acme).get("/api/v1/workflows/" + id + "/versions/1").asString())
                .contains("Hello, world!");
        // Rolling back saves version 1's definition as version 3.
        as(acme).contentType("application/json")
                .body(Map.of("version", 1))
                .post("/api/v1/workflows/" + id + "/rollback")
                .then()
                .statusCode(200)
                .body("version", equalTo(3))
                .body("workflow.nodes[1].parameters.assignments.assignments[0].value", equalTo("Hello, world!"));
        as(acme).get("/api/v1/workflows/" + id + "/versions?limit=1")
                .then()
                .statusCode(200)
                .body("items[0].source", equalTo("rollback"))
                .body("nextCursor", equalTo("3"));
        as(acme).get("/api/v1/workflows/" + id + "/versions?limit=5&cursor=3")
                .then()
                .statusCode(200)
                .body("items.version", equalTo(List.of(2, 1)));
    }

    @Test
    void anotherTenantsWorkflowIsNotFoundAndStaysUnchanged() {
        String id = create(acme, resource("hello.json"));
        as(other).get("/api/v1/workflows/" + id).then().statusCode(404).contentType("application/problem+json");
        as(other)
                .contentType("application/json")
                .header("If-Match", "\"1\"")
                .body(resource("hello.json").replace("Hello, world!", "pwned"))
                .put("/api/v1/workflows/" + id)
                .then()
                .statusCode(404);
        as(other).delete("/api/v1/workflows/" + id).then().statusCode(404);
        as(other).get("/api/v1/workflows/" + id + "/versions").then().statusCode(404);
        as(other).get("/api/v1/workflows/" + id + "/versions/1").then().statusCode(404);
        as(other).get("/api/v1/workflows/" + id + "/export").then().statusCode(404);
        as(other)
                .contentType("application/json")
                .body(Map.of("version", 1))
                .post("/api/v1/workflows/" + id + "/rollback")
                .then()
                .statusCode(404);
        as(other)
                .contentType("application/json")
                .body(List.of("x"))
                .put("/api/v1/workflows/" + id + "/tags")
                .then()
                .statusCode(404);
        as(other)
                .get("/api/v1/workflows")
                .then()
                .statusCode(200)
                .body("items.id", org.hamcrest.Matchers.not(hasItem(id)));
        as(acme).get("/api/v1/workflows/" + id)
                .then()
                .statusCode(200)
                .body("version", equalTo(1))
                .body("tags", hasSize(0));
        as(acme).get("/api/v1/workflows/not-an-id").then().statusCode(404);
    }

    @Test
    void badDocumentsGetPreciseProblemsAndStoreNothing() {
        String before =
                as(acme).get("/api/v1/workflows?limit=200").then().extract().asString();
        as(acme).contentType("application/json")
                .body("{\"name\": \"x\", \"nodes\": [")
                .post("/api/v1/workflows")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("line 1"));
        as(acme).contentType("application/json")
                .body("")
                .post("/api/v1/workflows")
                .then()
                .statusCode(400);
        as(acme).contentType("application/json")
                .body("[1,2]")
                .post("/api/v1/workflows")
                .then()
                .statusCode(400);
        // Unknown node type: the report names the node and the path.
        as(acme).contentType("application/json")
                .body(resource("hello.json").replace("hetumind.set", "acme.doesNotExist"))
                .post("/api/v1/workflows")
                .then()
                .statusCode(400)
                .body("type", equalTo("https://hetumind.io/problems/invalid-workflow"))
                .body("errors.field", hasItem("$.nodes[1].type"))
                .body("errors.message", hasItem(containsString("[Greet] unknown node type 'acme.doesNotExist'")));
        // An n8n export with a community node we lack.
        as(acme).contentType("application/json")
                .body(resource("n8n-export.json").replace("n8n-nodes-base.set", "n8n-nodes-acme.crm"))
                .post("/api/v1/workflows")
                .then()
                .statusCode(400)
                .body("detail", containsString("n8n-nodes-acme.crm (node 'Edit Fields')"));
        // A connection to a node that does not exist.
        as(acme).contentType("application/json")
                .body(resource("hello.json").replace("{ \"node\": \"Greet\"", "{ \"node\": \"Ghost\""))
                .post("/api/v1/workflows")
                .then()
                .statusCode(400)
                .body("errors.message", hasItem(containsString("Ghost")));
        // Control characters in the name and a bad tag.
        as(acme).contentType("application/json")
                .body(resource("hello.json").replace("Hello world", "Hello\\u0000world"))
                .post("/api/v1/workflows")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("name"));
        as(acme).contentType("application/json")
                .body(resource("hello.json"))
                .post("/api/v1/workflows?tags=" + "x".repeat(65))
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("tags"));
        as(acme).get("/api/v1/workflows?limit=0").then().statusCode(400);
        as(acme).get("/api/v1/workflows?active=maybe").then().statusCode(400);
        assertThat(as(acme).get("/api/v1/workflows?limit=200").then().extract().asString())
                .isEqualTo(before);
    }

    @Test
    void draftsSaveWithTheirProblemsReportedButDoNotActivate() {
        String draft =
                """
                {"name":"Draft","nodes":[{"name":"Set","type":"hetumind.set","typeVersion":3.4,"parameters":{}}],
                 "connections":{}}
                """;
        String id = as(acme).contentType("application/json")
                .body(draft)
                .post("/api/v1/workflows")
                .then()
                .statusCode(201)
                .body("problems.code", hasItem("no-trigger"))
                .extract()
                .path("id");
        as(acme).post("/api/v1/workflows/" + id + "/activate")
                .then()
                .statusCode(400)
                .body("type", equalTo("https://hetumind.io/problems/invalid-workflow"))
                .body("detail", containsString("cannot be activated"));
        as(acme).get("/api/v1/workflows/" + id).then().body("active", equalTo(false));
        as(acme).contentType("application/json")
                .body(draft)
                .post("/api/v1/workflows/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(false))
                .body("problems[0].code", notNullValue());
        as(acme).contentType("application/json")
                .body(resource("hello.json"))
                .post("/api/v1/workflows/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(true));
    }

    @Test
    void nodesThisInstanceSwitchesOffSaveButNeitherValidateNorActivate() {
        String shell = resource("hello.json")
                .replace(
                        "\"type\": \"hetumind.set\", \"typeVersion\": 3.4",
                        "\"type\": \"hetumind.executeCommand\", \"typeVersion\": 1")
                .replace("\"mode\": \"manual\",", "\"command\": \"id\",");
        String id = as(acme).contentType("application/json")
                .body(shell)
                .post("/api/v1/workflows")
                .then()
                .statusCode(201)
                .body("problems.code", hasItem("node-disabled"))
                .extract()
                .path("id");
        as(acme).post("/api/v1/workflows/" + id + "/activate")
                .then()
                .statusCode(400)
                .body("errors.message", hasItem(containsString("running commands on the host")));
    }

    @Test
    void anImportedN8nWebhookWorkflowAnswersOnceActiveAndStopsWhenDeactivated() {
        String path = "lead-" + java.util.UUID.randomUUID();
        String id =
                create(acme, resource("n8n-export.json").replace("\"path\": \"lead\"", "\"path\": \"" + path + "\""));
        given().contentType("application/json")
                .body(Map.of("email", "X"))
                .post("/webhook/" + path)
                .then()
                .statusCode(404);
        as(acme).post("/api/v1/workflows/" + id + "/activate")
                .then()
                .statusCode(200)
                .body("active", equalTo(true));
        given().contentType("application/json")
                .body(Map.of("email", "Ada@Example.COM"))
                .post("/webhook/" + path)
                .then()
                .statusCode(200)
                .body("email", equalTo("ada@example.com"))
                .body("source", equalTo("web"));
        // Another active workflow cannot take the same path.
        String twin =
                create(acme, resource("n8n-export.json").replace("\"path\": \"lead\"", "\"path\": \"" + path + "\""));
        as(acme).post("/api/v1/workflows/" + twin + "/activate").then().statusCode(409);
        as(acme).get("/api/v1/workflows/" + twin).then().body("active", equalTo(false));
        as(acme).get("/api/v1/executions?workflowId=" + id)
                .then()
                .statusCode(200)
                .body("items[0].mode", equalTo("webhook"));
        as(acme).post("/api/v1/workflows/" + id + "/deactivate")
                .then()
                .statusCode(200)
                .body("active", equalTo(false));
        given().contentType("application/json")
                .body(Map.of("email", "X"))
                .post("/webhook/" + path)
                .then()
                .statusCode(404);
    }

    @Test
    void deletesAndTagsAndPagesWithACursor() {
        Iam fresh = Iam.newTenant();
        for (int i = 0; i < 5; i++) {
            create(fresh, resource("hello.json").replace("Hello world", "Flow " + i));
        }
        Response first = as(fresh).get("/api/v1/workflows?limit=2");
        first.then().statusCode(200).body("items.name", equalTo(List.of("Flow 4", "Flow 3")));
        String cursor = first.path("nextCursor");
        as(fresh)
                .get("/api/v1/workflows?limit=2&cursor=" + cursor)
                .then()
                .body("items.name", equalTo(List.of("Flow 2", "Flow 1")));
        as(fresh).get("/api/v1/workflows?limit=2&cursor=garbage").then().statusCode(400);
        String id = first.path("items[0].id");
        as(fresh)
                .contentType("application/json")
                .body(List.of("ops", "ops", " nightly "))
                .put("/api/v1/workflows/" + id + "/tags")
                .then()
                .statusCode(200)
                .body("tags", equalTo(List.of("ops", "nightly")));
        as(fresh).get("/api/v1/workflows?tag=nightly").then().body("items.id", equalTo(List.of(id)));
        as(fresh).delete("/api/v1/workflows/" + id).then().statusCode(204);
        as(fresh).get("/api/v1/workflows/" + id).then().statusCode(404);
        as(fresh).delete("/api/v1/workflows/" + id).then().statusCode(404);
    }

    @Test
    void readersCannotWriteAndStrangersCannotRead() {
        given().get("/api/v1/workflows").then().statusCode(401);
        given().auth()
                .oauth2("not.a.token")
                .contentType("application/json")
                .body(resource("hello.json"))
                .post("/api/v1/workflows")
                .then()
                .statusCode(401);
    }
}

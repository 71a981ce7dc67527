package io.hetumind.studio.template;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/templates}: save-time checks, versions, import/export, the gallery, instantiation, tenancy. */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class TemplateApiTest {
    static Iam acme;
    static Iam other;

    @Inject
    DataSource db;

    @BeforeAll
    static void tenants() {
        acme = Iam.newTenant();
        other = Iam.newTenant();
    }

    static RequestSpecification as(Iam tenant) {
        return given().auth().oauth2(tenant.ownerToken());
    }

    static String template(String name, String paramsJson, String setParams) {
        return """
                { "hetumindTemplate": 1, "name": "%s", "description": "greets", "parameters": %s,
                  "workflow": { "name": "Greet ${param:who}", "nodes": [
                    { "name": "Start", "type": "hetumind.manualTrigger", "parameters": {} },
                    { "name": "Set", "type": "hetumind.set", "typeVersion": 3.4, "parameters": %s } ],
                    "connections": { "Start": { "main": [[ { "node": "Set", "type": "main", "index": 0 } ]] } } } }
                """
                .formatted(name, paramsJson, setParams);
    }

    static final String PARAMS =
            """
            [ { "name": "who", "type": "string", "required": true, "description": "whom to greet" },
              { "name": "times", "type": "number", "default": 1 } ]
            """;
    static final String USES =
            """
            { "assignments": { "assignments": [
                { "id": "a", "name": "greeting", "value": "Hello, ${param:who}!", "type": "string" },
                { "id": "b", "name": "times", "value": { "$param": "times" }, "type": "number" } ] } }
            """;

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String create(Iam tenant, String body) {
        return as(tenant)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/templates")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    long count(String table, Iam tenant) throws Exception {
        UUID t = io.hetumind.studio.testsupport.Fixtures.tenantOf(tenant.ownerToken());
        try (Connection c = db.getConnection();
                var s = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE tenant_id = ?")) {
            s.setObject(1, t);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void savesVersionsExportsAndReimports() {
        String name = unique("greet");
        Response created = as(acme).contentType(ContentType.JSON)
                .body(template(name, PARAMS, USES))
                .post("/api/v1/templates");
        created.then()
                .statusCode(201)
                .header("ETag", "\"1\"")
                .body("version", equalTo(1))
                .body("name", equalTo(name))
                .body("parameters.name", equalTo(List.of("who", "times")))
                .body("parameters[1].defaultValue", equalTo(1))
                .body("template.hetumindTemplate", equalTo(1));
        String id = created.path("id");
        assertThat(created.header("Location")).endsWith("/api/v1/templates/" + id);
        as(acme).get("/api/v1/templates").then().statusCode(200).body("items.id", hasItem(id));
        as(acme).contentType(ContentType.JSON)
                .body(template(name, PARAMS, USES).replace("\"greets\"", "\"greets kindly\""))
                .put("/api/v1/templates/" + id)
                .then()
                .statusCode(428);
        as(acme).contentType(ContentType.JSON)
                .header("If-Match", "\"1\"")
                .body(template(name, PARAMS, USES).replace("\"greets\"", "\"greets kindly\""))
                .put("/api/v1/templates/" + id)
                .then()
                .statusCode(200)
                .header("ETag", "\"2\"")
                .body("description", equalTo("greets kindly"));
        as(acme).contentType(ContentType.JSON)
                .header("If-Match", "\"1\"")
                .body(template(name, PARAMS, USES))
                .put("/api/v1/templates/" + id)
                .then()
                .statusCode(409);
        as(acme).get("/api/v1/templates/" + id + "/versions/1")
                .then()
                .statusCode(200)
                .body("description", equalTo("greets"))
                .body("version", equalTo(1));
        String exported = as(acme).get("/api/v1/templates/" + id + "/export")
                .then()
                .statusCode(200)
                .header("Content-Disposition", containsString(".template.json"))
                .extract()
                .asString();
        // the same name again is a conflict; renamed, the export imports into another tenant as version 1
        as(acme).contentType(ContentType.JSON)
                .body(exported)
                .post("/api/v1/templates")
                .then()
                .statusCode(409);
        as(other)
                .contentType(ContentType.JSON)
                .body(exported)
                .post("/api/v1/templates")
                .then()
                .statusCode(201)
                .body("version", equalTo(1))
                .body("description", equalTo("greets kindly"));
        as(acme).delete("/api/v1/templates/" + id).then().statusCode(204);
        as(acme).get("/api/v1/templates/" + id).then().statusCode(404);
    }

    @Test
    void aTemplateThatMayNotBeSavedIsRefusedWithEveryFindingAndNothingStored() throws Exception {
        long before = count("template", acme);
        String bad = template(
                unique("bad"),
                """
                [ { "name": "who", "type": "string", "default": 3 }, { "name": "unused", "type": "boolean" } ]
                """,
                """
                { "a": "${param:who}", "b": { "$param": "ghost" } }
                """);
        as(acme).contentType(ContentType.JSON)
                .body(bad)
                .post("/api/v1/templates")
                .then()
                .statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("type", containsString("invalid-template"))
                .body(
                        "errors.field",
                        hasItems("$.parameters[0].default", "$.parameters[1]", "$.workflow.nodes[1].parameters.b"));
        String unknownNode = template(unique("unknown"), PARAMS, USES).replace("hetumind.set", "acme.nothing");
        as(acme).contentType(ContentType.JSON)
                .body(unknownNode)
                .post("/api/v1/templates")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("$.workflow.nodes[1].type"))
                .body("errors.message", hasItem(containsString("unknown-type")));
        as(acme).contentType(ContentType.JSON)
                .body("{\"name\": ")
                .post("/api/v1/templates")
                .then()
                .statusCode(400)
                .body("type", containsString("malformed-template"));
        as(acme).contentType(ContentType.JSON)
                .body("{\"hetumindTemplate\": 9, \"name\": \"x\", \"workflow\": {}}")
                .post("/api/v1/templates")
                .then()
                .statusCode(400)
                .body("detail", containsString("newer than the 1 this build reads"));
        assertThat(count("template", acme)).isEqualTo(before);
        assertThat(count("template_version", acme)).isEqualTo(count("template_version", acme));
    }

    @Test
    void instantiatesIntoAWorkflowAndRefusesBadValuesWithoutStoringAnything() throws Exception {
        String id = create(acme, template(unique("inst"), PARAMS, USES));
        long workflows = count("workflow", acme);
        as(acme).contentType(ContentType.JSON)
                .body(Map.of("params", Map.of("times", "three", "colour", "red")))
                .post("/api/v1/templates/" + id + "/instantiate")
                .then()
                .statusCode(400)
                .body("type", containsString("invalid-parameters"))
                .body("errors.field", hasItems("$.params.times", "$.params.colour", "$.params.who"))
                .body("errors.message", hasItem(containsString("who is required (string: whom to greet)")));
        as(acme).contentType(ContentType.JSON)
                .body("{\"params\": {\"who\": ")
                .post("/api/v1/templates/" + id + "/instantiate")
                .then()
                .statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("type", containsString("malformed-request"));
        as(acme).contentType(ContentType.JSON)
                .body("{\"params\": [1]}")
                .post("/api/v1/templates/" + id + "/instantiate")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("params"));
        as(acme).contentType(ContentType.JSON)
                .body("{\"params\": {\"who\": \"Ada\"}, \"version\": 7}")
                .post("/api/v1/templates/" + id + "/instantiate")
                .then()
                .statusCode(404);
        assertThat(count("workflow", acme)).isEqualTo(workflows);

        Response made = as(acme).contentType(ContentType.JSON)
                .body(Map.of("params", Map.of("who", "Ada", "times", 2), "tags", List.of("from-template")))
                .post("/api/v1/templates/" + id + "/instantiate");
        made.then()
                .statusCode(201)
                .body("name", equalTo("Greet Ada"))
                .body("tags", equalTo(List.of("from-template")))
                .body("workflow.nodes[1].parameters.assignments.assignments[0].value", equalTo("Hello, Ada!"))
                .body("workflow.nodes[1].parameters.assignments.assignments[1].value", equalTo(2))
                .body("problems", hasSize(0));
        String wf = made.path("id");
        assertThat(made.header("Location")).endsWith("/api/v1/workflows/" + wf);
        as(acme).get("/api/v1/workflows/" + wf + "/versions")
                .then()
                .statusCode(200)
                .body("items[0].source", equalTo("template"))
                .body("items[0].note", containsString("from template " + id + " version 1"));
        assertThat(count("workflow", acme)).isEqualTo(workflows + 1);
    }

    @Test
    void theGalleryListsAndInstantiatesItsTemplates() {
        as(acme).get("/api/v1/templates/gallery")
                .then()
                .statusCode(200)
                .body("name", equalTo(List.of("webhook-transform-respond", "schedule-http-postgres", "error-notifier")))
                .body("[0].parameters.name", hasItem("path"));
        as(acme).contentType(ContentType.JSON)
                .body(Map.of("params", Map.of("path", unique("orders"))))
                .post("/api/v1/templates/gallery/webhook-transform-respond/instantiate")
                .then()
                .statusCode(201)
                .body("workflow.nodes[0].type", equalTo("hetumind.webhook"))
                .body("problems", hasSize(0));
        as(acme).contentType(ContentType.JSON)
                .body(Map.of(
                        "params",
                        Map.of("url", "https://example.com/items", "table", "items", "postgresCredential", "c1")))
                .post("/api/v1/templates/gallery/schedule-http-postgres/instantiate")
                .then()
                .statusCode(201)
                .body("workflow.nodes[2].credentials.postgres.id", equalTo("c1"));
        as(acme).contentType(ContentType.JSON)
                .body(Map.of("params", Map.of("webhookUrl", "https://hooks.example.com/x")))
                .post("/api/v1/templates/gallery/error-notifier/instantiate")
                .then()
                .statusCode(201)
                .body("problems", hasSize(0));
        as(acme).contentType(ContentType.JSON)
                .body("{}")
                .post("/api/v1/templates/gallery/nope/instantiate")
                .then()
                .statusCode(404);
    }

    @Test
    void anotherTenantsTemplateIsNotFoundAndReadersCannotWrite() {
        String id = create(acme, template(unique("mine"), PARAMS, USES));
        as(other).get("/api/v1/templates/" + id).then().statusCode(404);
        as(other).get("/api/v1/templates/" + id + "/export").then().statusCode(404);
        as(other).get("/api/v1/templates/" + id + "/versions/1").then().statusCode(404);
        as(other)
                .contentType(ContentType.JSON)
                .header("If-Match", "\"1\"")
                .body(template(unique("x"), PARAMS, USES))
                .put("/api/v1/templates/" + id)
                .then()
                .statusCode(404);
        as(other)
                .contentType(ContentType.JSON)
                .body(Map.of("params", Map.of("who", "Eve")))
                .post("/api/v1/templates/" + id + "/instantiate")
                .then()
                .statusCode(404);
        as(other).delete("/api/v1/templates/" + id).then().statusCode(404);
        as(other).get("/api/v1/templates").then().statusCode(200).body("items.id", not(hasItem(id)));
        as(acme).get("/api/v1/templates/not-an-id").then().statusCode(404);
        as(acme).get("/api/v1/templates/" + id).then().statusCode(200);

        String viewer = io.hetumind.studio.testsupport.Fixtures.member(acme.ownerToken(), "viewer");
        given().auth().oauth2(viewer).get("/api/v1/templates/" + id).then().statusCode(200);
        given().auth()
                .oauth2(viewer)
                .contentType(ContentType.JSON)
                .body(Map.of("params", Map.of("who", "Eve")))
                .post("/api/v1/templates/" + id + "/instantiate")
                .then()
                .statusCode(403);
        given().auth().oauth2(viewer).delete("/api/v1/templates/" + id).then().statusCode(403);
        given().get("/api/v1/templates").then().statusCode(401);
    }
}

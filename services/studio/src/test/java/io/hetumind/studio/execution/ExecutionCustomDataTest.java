package io.hetumind.studio.execution;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Execution Data node's custom data kept with the execution record: shown in its detail and list entry, the list
 * filtered by a key or a key's value, only within the tenant.
 */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class ExecutionCustomDataTest {
    private final Iam iam = Iam.newTenant();

    /** An n8n export: Manual Trigger → Edit Fields (order) → Execution Data saving the order and its customer. */
    private static String export(String order) {
        return """
                {"name":"Tag order %s","nodes":[
                 {"parameters":{},"id":"1","name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,
                  "position":[0,0]},
                 {"parameters":{"assignments":{"assignments":[{"id":"a","name":"order","value":"%s","type":"string"},
                   {"id":"b","name":"customer","value":"ada","type":"string"}]},"options":{}},"id":"2","name":"Order",
                  "type":"n8n-nodes-base.set","typeVersion":3.4,"position":[200,0]},
                 {"parameters":{"dataToSave":{"values":[{"key":"order","value":"={{ $json.order }}"},
                   {"key":"customer","value":"={{ $json.customer }}"}]}},"id":"3","name":"Tag",
                  "type":"n8n-nodes-base.executionData","typeVersion":1.1,"position":[400,0]}],
                 "connections":{"Start":{"main":[[{"node":"Order","type":"main","index":0}]]},
                  "Order":{"main":[[{"node":"Tag","type":"main","index":0}]]}},"settings":{"executionOrder":"v1"}}
                """
                .formatted(order, order);
    }

    private String run(Iam who, String doc) {
        String wf = given().auth()
                .oauth2(who.ownerToken())
                .contentType(ContentType.JSON)
                .body(doc)
                .post("/api/v1/workflows")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        JsonPath done = given().auth()
                .oauth2(who.ownerToken())
                .contentType(ContentType.JSON)
                .body(Map.of("mode", "inline"))
                .post("/api/v1/workflows/" + wf + "/execute")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(done.getString("status")).isEqualTo("success");
        return done.getString("executionId");
    }

    private List<String> listed(Iam who, String query) {
        return given().auth()
                .oauth2(who.ownerToken())
                .get("/api/v1/executions?" + query)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.id");
    }

    @Test
    void customDataIsShownAndFiltersTheListWithinTheTenant() {
        String first = run(iam, export("A-100"));
        String second = run(iam, export("A-200"));

        JsonPath detail = given().auth()
                .oauth2(iam.ownerToken())
                .get("/api/v1/executions/" + first)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(detail.getMap("customData"))
                .containsExactly(Map.entry("order", "A-100"), Map.entry("customer", "ada"));
        // the items went on unchanged
        assertThat(detail.getString("runData.Tag[0].data.main[0][0].json.order"))
                .isEqualTo("A-100");

        assertThat(listed(iam, "customDataKey=order&customDataValue=A-100")).containsExactly(first);
        assertThat(listed(iam, "customDataKey=order")).containsExactly(second, first);
        assertThat(listed(iam, "customDataKey=order&customDataValue=nope")).isEmpty();
        Map<String, Object> entry = given().auth()
                .oauth2(iam.ownerToken())
                .get("/api/v1/executions?customDataKey=order&customDataValue=A-200")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("items[0].customData");
        assertThat(entry).containsEntry("order", "A-200");

        // another tenant sees none of it, even with the same data of its own
        Iam other = Iam.newTenant();
        String theirs = run(other, export("A-100"));
        assertThat(listed(other, "customDataKey=order&customDataValue=A-100")).containsExactly(theirs);
        assertThat(listed(iam, "customDataKey=order&customDataValue=A-100")).containsExactly(first);

        given().auth()
                .oauth2(iam.ownerToken())
                .get("/api/v1/executions?customDataValue=A-100")
                .then()
                .statusCode(400)
                .body("detail", containsString("customDataKey"));
    }
}

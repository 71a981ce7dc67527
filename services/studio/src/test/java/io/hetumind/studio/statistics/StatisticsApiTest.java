package io.hetumind.studio.statistics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/workflows/{id}/statistics}: figures recorded at settle, windows, tenancy, Prometheus. */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class StatisticsApiTest {

    static final String CHECKS =
            """
            {"name": "Checks", "nodes": [
              {"name": "Manual Trigger", "type": "hetumind.manualTrigger", "typeVersion": 1, "parameters": {}},
              {"name": "Check", "type": "hetumind.code", "typeVersion": 2, "parameters": {"jsCode":
                "if ($input.all().some(i => i.json.fail)) { throw new Error('boom'); } return $input.all().concat($input.all());"}}],
             "connections": {"Manual Trigger": {"main": [[{"node": "Check", "type": "main", "index": 0}]]}}}
            """;

    static RequestSpecification as(Iam tenant) {
        return given().auth().oauth2(tenant.ownerToken()).contentType(ContentType.JSON);
    }

    @Test
    void countsStatusesDurationsErrorsAndItemsPerWorkflowAndNode() {
        Iam acme = Iam.newTenant();
        Iam other = Iam.newTenant();
        String wf = as(acme).body(CHECKS)
                .post("/api/v1/workflows")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Instant before = Instant.now().minusSeconds(1);
        for (int i = 0; i < 5; i++) {
            boolean fail = i >= 3;
            as(acme).body(Map.of(
                            "data",
                            fail ? Map.of("fail", true) : Map.of("n", i),
                            "mode",
                            i % 2 == 0 ? "queued" : "inline"))
                    .post("/api/v1/workflows/" + wf + "/execute")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo(fail ? "error" : "success"));
        }
        JsonPath s = as(acme).get("/api/v1/workflows/" + wf + "/statistics?window=1h")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(s.getInt("executions")).isEqualTo(5);
        assertThat(s.getMap("byStatus")).isEqualTo(Map.of("success", 3, "error", 2));
        assertThat(s.getDouble("durationMs.p50")).isGreaterThanOrEqualTo(0);
        assertThat(s.getDouble("durationMs.p99")).isGreaterThanOrEqualTo(s.getDouble("durationMs.p50"));
        assertThat(s.getList("topErrors.message")).hasSize(1);
        assertThat(s.getString("topErrors[0].message")).contains("boom");
        assertThat(s.getInt("topErrors[0].count")).isEqualTo(2);
        // trigger: 1 item per run (5); Check: 2 items per successful run (6)
        assertThat(s.getLong("items")).isEqualTo(11);
        List<Map<String, Object>> nodes = s.getList("nodes");
        assertThat(nodes).extracting(n -> n.get("node")).containsExactly("Check", "Manual Trigger");
        assertThat(s.getInt("nodes[0].executions")).isEqualTo(5);
        assertThat(s.getInt("nodes[0].errors")).isEqualTo(2);
        assertThat(s.getInt("nodes[0].items")).isEqualTo(6);
        assertThat(s.getString("nodes[0].type")).isEqualTo("hetumind.code");
        assertThat(s.getString("nodes[0].topErrors[0].message")).contains("boom");
        assertThat(s.getFloat("nodes[0].durationMs.p95")).isGreaterThanOrEqualTo(0f);
        assertThat(s.getInt("nodes[1].items")).isEqualTo(5);

        // an explicit window that ends before the runs sees none of them
        as(acme).queryParam("from", before.minusSeconds(3600).toString())
                .queryParam("to", before.toString())
                .get("/api/v1/workflows/" + wf + "/statistics")
                .then()
                .statusCode(200)
                .body("executions", equalTo(0))
                .body("nodes.size()", equalTo(0));
        as(acme).queryParam("from", before.toString())
                .get("/api/v1/workflows/" + wf + "/statistics")
                .then()
                .statusCode(200)
                .body("executions", equalTo(5));

        // another tenant, bad windows
        as(other).get("/api/v1/workflows/" + wf + "/statistics").then().statusCode(404);
        as(acme).get("/api/v1/workflows/not-an-id/statistics").then().statusCode(404);
        as(acme).get("/api/v1/workflows/" + wf + "/statistics?window=2w")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("window"));
        as(acme).queryParam("from", "2026-02-01T00:00:00Z")
                .queryParam("to", "2026-01-01T00:00:00Z")
                .get("/api/v1/workflows/" + wf + "/statistics")
                .then()
                .statusCode(400)
                .body("detail", containsString("must be before to"));
        as(acme).queryParam("from", "yesterday")
                .get("/api/v1/workflows/" + wf + "/statistics")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("from"));
        as(acme).queryParam("from", "2020-01-01T00:00:00Z")
                .get("/api/v1/workflows/" + wf + "/statistics")
                .then()
                .statusCode(400)
                .body("detail", containsString("wider than"));

        given().get("/q/metrics")
                .then()
                .body(containsString("hetumind_execution_duration_seconds_bucket"))
                .body(containsString("hetumind_node_duration_seconds_bucket"));
    }

    @Test
    void executionsTheWorkflowDoesNotKeepStillCount() {
        Iam acme = Iam.newTenant();
        String wf = as(acme).body(CHECKS.replace(
                        "{\"name\": \"Checks\",",
                        "{\"name\": \"Unsaved\", \"settings\": {\"saveManualExecutions\": false},"))
                .post("/api/v1/workflows")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String execution = as(acme).body(Map.of("data", Map.of("n", 1)))
                .post("/api/v1/workflows/" + wf + "/execute")
                .then()
                .statusCode(200)
                .body("status", equalTo("success"))
                .extract()
                .path("executionId");
        as(acme).get("/api/v1/executions/" + execution).then().statusCode(404);
        as(acme).get("/api/v1/workflows/" + wf + "/statistics?window=24h")
                .then()
                .statusCode(200)
                .body("executions", equalTo(1))
                .body("byStatus.success", equalTo(1))
                .body("nodes[0].items", equalTo(2));
    }
}

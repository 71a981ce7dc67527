package io.hetumind.studio;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** What operators and first-time visitors reach without a token. */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class OpsEndpointsTest {
    @Test
    void healthMetricsAndApiDocsAnswer() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/api/v1/workflows").then().statusCode(401); // an application request, so it shows in the metrics
        given().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
        given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body("info.title", equalTo("Hetumind studio"))
                .body(containsString("/api/v1/workflows/{id}/versions"));
        given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }

    @Test
    void theRootIsTheDesigner() {
        given().accept("text/html")
                .get("/")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .header("Cache-Control", equalTo("no-cache"))
                .body(containsString("<div id=\"app\">"));
    }
}

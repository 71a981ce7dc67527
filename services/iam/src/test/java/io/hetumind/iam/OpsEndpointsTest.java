package io.hetumind.iam;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.hetumind.testkit.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Health (with the signing key and the database), Prometheus metrics and OpenAPI are served. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class OpsEndpointsTest {

    @Test
    void readinessCoversTheDatabaseAndTheSigningKey() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body(containsString("signing-key"))
                .body(containsString("Reactive PostgreSQL connections health check"));
    }

    @Test
    void metricsAndOpenApiAreServed() {
        given().get("/.well-known/jwks.json").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
        given().get("/q/openapi")
                .then()
                .statusCode(200)
                .body(containsString("/api/v1/auth/signin"))
                .body(containsString("/.well-known/jwks.json"));
    }
}

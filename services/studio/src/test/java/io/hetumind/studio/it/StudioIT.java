package io.hetumind.studio.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.hetumind.testkit.Iam;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The packaged studio (quarkus-run.jar, production profile) as a user drives it over HTTP, with a real IAM. */
@QuarkusIntegrationTest
@WithTestResource(PackagedStudio.class)
class StudioIT {
    static Iam acme;
    static Iam other;

    @BeforeAll
    static void tenants() {
        acme = Iam.newTenant();
        other = Iam.newTenant();
    }

    static RequestSpecification as(Iam tenant) {
        return given().auth().oauth2(tenant.ownerToken());
    }

    static String resource(String name) {
        try (InputStream in = StudioIT.class.getResourceAsStream("/workflows/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anN8nExportImportsVersionsAndStaysTheTenantsOwn() {
        String id = as(acme).contentType("application/json")
                .body(resource("n8n-export.json"))
                .post("/api/v1/workflows")
                .then()
                .statusCode(201)
                .body("tags", hasItem("sales"))
                .extract()
                .path("id");
        as(acme).contentType("application/json")
                .header("If-Match", "\"1\"")
                .body(resource("n8n-export.json").replace("\"value\": \"web\"", "\"value\": \"form\""))
                .put("/api/v1/workflows/" + id)
                .then()
                .statusCode(200)
                .body("version", equalTo(2));
        as(acme).contentType("application/json")
                .header("If-Match", "\"1\"")
                .body(resource("n8n-export.json"))
                .put("/api/v1/workflows/" + id)
                .then()
                .statusCode(409);
        as(other).get("/api/v1/workflows/" + id).then().statusCode(404);
        given().get("/api/v1/workflows/" + id).then().statusCode(401);
    }

    @Test
    void credentialsAreStoredButNeverShown() {
        String secret = "it-secret-" + System.nanoTime();
        String id = as(acme).contentType("application/json")
                .body(Map.of(
                        "name", "API", "type", "httpHeaderAuth", "data", Map.of("name", "X-Api-Key", "value", secret)))
                .post("/api/v1/credentials")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String shown = as(acme).get("/api/v1/credentials/" + id)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(shown).doesNotContain(secret).contains("X-Api-Key");
        as(other).get("/api/v1/credentials/" + id).then().statusCode(404);
    }

    @Test
    void opsEndpointsAnswer() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().get("/q/swagger-ui/").then().statusCode(200);
        as(acme).get("/api/v1/node-types").then().statusCode(200).body("type", hasItem("hetumind.set"));
    }
}

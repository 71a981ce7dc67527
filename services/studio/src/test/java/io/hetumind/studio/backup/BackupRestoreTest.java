package io.hetumind.studio.backup;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.CredentialRef;
import io.hetumind.core.spi.Json;
import io.hetumind.studio.credential.TenantCredentials;
import io.hetumind.studio.testsupport.Fixtures;
import io.hetumind.studio.testsupport.Flows;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.Base64;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/backup} and {@code POST /api/v1/restore}: round trip into an emptied tenant, and refusals. */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class BackupRestoreTest {
    @Inject
    DataSource db;

    @Inject
    TenantCredentials tenantCredentials;

    static RequestSpecification as(Iam tenant) {
        return given().auth().oauth2(tenant.ownerToken()).contentType(ContentType.JSON);
    }

    static final String TEMPLATE =
            """
            { "hetumindTemplate": 1, "name": "greet", "description": "%s",
              "parameters": [ { "name": "who", "type": "string", "default": "world" } ],
              "workflow": { "name": "Greet", "nodes": [
                { "name": "Start", "type": "hetumind.manualTrigger", "parameters": {} },
                { "name": "Set", "type": "hetumind.set", "typeVersion": 3.4, "parameters": {
                    "assignments": { "assignments": [
                      { "id": "a", "name": "g", "value": "Hello ${param:who}", "type": "string" } ] } } } ],
                "connections": { "Start": { "main": [[ { "node": "Set", "type": "main", "index": 0 } ]] } } } }
            """;

    @Test
    void anArchiveRestoresIntoTheEmptiedTenantAsItWas() throws Exception {
        Iam acme = Iam.newTenant();
        Iam other = Iam.newTenant();
        String hookPath = "backup-" + UUID.randomUUID();
        String hook = as(acme).body(Flows.webhookOnly("{\"path\":\"" + hookPath + "\",\"httpMethod\":\"POST\"}"))
                .post("/api/v1/workflows?tags=ops,backup")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as(acme).post("/api/v1/workflows/" + hook + "/activate").then().statusCode(200);
        String twice = as(acme).body(Flows.manualOnly())
                .post("/api/v1/workflows")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as(acme).header("If-Match", "\"1\"")
                .body(Flows.manualOnly().replaceFirst("\\{", "{\"settings\":{\"timezone\":\"Europe/Paris\"},"))
                .put("/api/v1/workflows/" + twice)
                .then()
                .statusCode(200);
        String template = as(acme).body(TEMPLATE.formatted("v1"))
                .post("/api/v1/templates")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as(acme).header("If-Match", "\"1\"")
                .body(TEMPLATE.formatted("v2"))
                .put("/api/v1/templates/" + template)
                .then()
                .statusCode(200);
        String credential = as(acme).body(
                        "{\"name\":\"API key\",\"type\":\"httpHeaderAuth\",\"data\":{\"name\":\"X-Key\",\"value\":\"s3cret\"}}")
                .post("/api/v1/credentials")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        String archiveText = as(acme).get("/api/v1/backup")
                .then()
                .statusCode(200)
                .body("hetumindBackup", equalTo(1))
                .body("content.workflows.size()", equalTo(2))
                .body("content.templates[0].versions.size()", equalTo(2))
                .body("content.credentials[0].id", equalTo(credential))
                .extract()
                .asString();
        assertThat(archiveText).doesNotContain("s3cret");
        ObjectNode archive = (ObjectNode) Json.parse(archiveText);

        // a restore into a tenant that has data is refused
        as(acme).body(archiveText).post("/api/v1/restore").then().statusCode(409);
        // another tenant cannot take it: credentials are sealed to their tenant
        as(other)
                .body(archiveText)
                .post("/api/v1/restore")
                .then()
                .statusCode(400)
                .body("type", containsString("wrong-tenant"));

        // "a fresh instance": the tenant's data gone (triggers first, as a deactivation does)
        as(acme).post("/api/v1/workflows/" + hook + "/deactivate").then().statusCode(200);
        UUID tenant = Fixtures.tenantOf(acme.ownerToken());
        try (Connection c = db.getConnection()) {
            for (String table : new String[] {"workflow", "template", "credential"}) {
                try (var s = c.prepareStatement("DELETE FROM " + table + " WHERE tenant_id = ?")) {
                    s.setObject(1, tenant);
                    s.executeUpdate();
                }
            }
        }

        // tampered, newer or malformed archives change nothing
        ObjectNode tampered = archive.deepCopy();
        ((ObjectNode) tampered.at("/content/workflows/0")).put("name", "evil");
        as(acme).body(tampered.toString())
                .post("/api/v1/restore")
                .then()
                .statusCode(400)
                .body("type", containsString("tampered-backup"));
        ObjectNode newer = archive.deepCopy();
        newer.put("hetumindBackup", 2);
        as(acme).body(newer.toString())
                .post("/api/v1/restore")
                .then()
                .statusCode(400)
                .body("detail", containsString("backup format 2, newer than the 1 this studio reads"));
        as(acme).body("{\"hetumindBackup\": ")
                .post("/api/v1/restore")
                .then()
                .statusCode(400)
                .body("type", containsString("malformed-backup"));
        ObjectNode unknownKey = archive.deepCopy();
        ((ObjectNode) unknownKey.at("/content/credentials/0")).put("keyId", "gone");
        unknownKey.put("checksum", BackupService.checksum(unknownKey.get("content")));
        as(acme).body(unknownKey.toString())
                .post("/api/v1/restore")
                .then()
                .statusCode(400)
                .body("detail", containsString("master key 'gone'"));
        as(acme).get("/api/v1/workflows").then().statusCode(200).body("items.size()", equalTo(0));
        as(acme).get("/api/v1/templates").then().statusCode(200).body("items.size()", equalTo(0));

        as(acme).body(archiveText)
                .post("/api/v1/restore")
                .then()
                .statusCode(200)
                .body("workflows", equalTo(2))
                .body("versions", equalTo(3))
                .body("templates", equalTo(1))
                .body("credentials", equalTo(1))
                .body("notActivated.size()", equalTo(0));

        JsonNode again = Json.parse(
                as(acme).get("/api/v1/backup").then().statusCode(200).extract().asString());
        assertThat(withoutActivationTimes(again.get("content")))
                .isEqualTo(withoutActivationTimes(archive.get("content")));
        as(acme).get("/api/v1/workflows/" + hook)
                .then()
                .statusCode(200)
                .body("active", equalTo(true))
                .body("tags", equalTo(java.util.List.of("ops", "backup")));
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/webhook/" + hookPath)
                .then()
                .statusCode(200);
        as(acme).get("/api/v1/templates/" + template + "/versions/1")
                .then()
                .statusCode(200)
                .body("description", equalTo("v1"));
        String value = tenantCredentials
                .resolverFor(tenant, userOf(acme.ownerToken()))
                .resolve(new CredentialRef(credential, null), "httpHeaderAuth")
                .map(d -> d.get("value").asText())
                .orElse(null);
        assertThat(value).isEqualTo("s3cret");

        String viewer = Fixtures.member(acme.ownerToken(), "viewer");
        given().auth().oauth2(viewer).get("/api/v1/backup").then().statusCode(403);
    }

    /** Activating again after the restore moves the active workflow's updatedAt; everything else must be equal. */
    private static JsonNode withoutActivationTimes(JsonNode content) {
        JsonNode copy = content.deepCopy();
        copy.path("workflows").forEach(w -> ((ObjectNode) w).remove("updatedAt"));
        return copy;
    }

    private static UUID userOf(String token) {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        return UUID.fromString(Json.parse(payload).path("sub").asText());
    }
}

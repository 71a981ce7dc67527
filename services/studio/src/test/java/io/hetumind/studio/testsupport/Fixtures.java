package io.hetumind.studio.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.Json;
import io.hetumind.studio.workflow.StoredWorkflow;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;
import javax.sql.DataSource;

/** Saves workflows the way the workflow area stores them (V1 tables) and reads tenants out of tokens. */
public final class Fixtures {
    private Fixtures() {}

    /** The tenant a token acts in. */
    public static UUID tenantOf(String token) {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        return UUID.fromString(Json.parse(payload).path("tenant").asText());
    }

    /** Saves {@code json} (Hetumind or n8n shape) as version 1 of a new workflow of {@code tenantId}. */
    public static StoredWorkflow save(DataSource db, UUID tenantId, String json) {
        Workflow wf = WorkflowFormat.readJson(json);
        UUID id = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now();
        try (Connection c = db.getConnection();
                PreparedStatement w = c.prepareStatement("INSERT INTO workflow (id, tenant_id, name, version, active,"
                        + " created_at, updated_at) VALUES (?, ?, ?, 1, true, ?, ?)");
                PreparedStatement v = c.prepareStatement("INSERT INTO workflow_version (workflow_id, version,"
                        + " tenant_id, definition, source, created_at) VALUES (?, 1, ?, ?::json, 'hetumind', ?)")) {
            w.setObject(1, id);
            w.setObject(2, tenantId);
            w.setString(3, wf.name() == null ? "test" : wf.name());
            w.setObject(4, now);
            w.setObject(5, now);
            w.executeUpdate();
            v.setObject(1, id);
            v.setObject(2, tenantId);
            v.setString(3, WorkflowFormat.writeJson(wf));
            v.setObject(4, now);
            v.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new StoredWorkflow(tenantId, id, 1, wf.name(), true, wf);
    }

    /** A JSON tree from text with single quotes, to keep workflow literals readable in tests. */
    public static JsonNode json(String singleQuoted) {
        return Json.parse(singleQuoted.replace('\'', '"'));
    }

    /** A new member of the owner's tenant with {@code role}, signed in. */
    public static String member(String ownerToken, String role) {
        String iam = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("hetumind.test.iam-url", String.class);
        String email = role + "-" + UUID.randomUUID() + "@example.test";
        String invitation = io.restassured.RestAssured.given()
                .baseUri(iam)
                .auth()
                .oauth2(ownerToken)
                .contentType(io.restassured.http.ContentType.JSON)
                .body(java.util.Map.of("email", email, "role", role))
                .post("/api/v1/invitations")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        return io.restassured.RestAssured.given()
                .baseUri(iam)
                .contentType(io.restassured.http.ContentType.JSON)
                .body(java.util.Map.of(
                        "email",
                        email,
                        "password",
                        io.hetumind.testkit.Iam.PASSWORD,
                        "name",
                        "Member",
                        "invitation",
                        invitation))
                .post("/api/v1/auth/signup")
                .then()
                .statusCode(201)
                .extract()
                .path("accessToken");
    }
}

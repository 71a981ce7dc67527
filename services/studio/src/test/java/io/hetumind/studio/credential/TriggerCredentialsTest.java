package io.hetumind.studio.credential;

import static io.hetumind.studio.credential.Fixtures.create;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Trigger runs (webhook, schedule: nobody asked) act for the workflow's owner: they resolve the owner's own
 * credentials, those shared with the owner and those shared with the whole tenant — never another member's private one.
 */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class TriggerCredentialsTest {
    private static final String OWNER_SECRET = "owner-secret-" + UUID.randomUUID();
    private static final String SHARED_SECRET = "shared-secret-" + UUID.randomUUID();
    private static final String MEMBER_SECRET = "member-secret-" + UUID.randomUUID();

    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api", ex -> {
            seen.add(String.valueOf(ex.getRequestHeaders().getFirst("X-Api-Key")));
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static String key(String secret) {
        return "{\"name\":\"X-Api-Key\",\"value\":\"" + secret + "\"}";
    }

    /** A webhook workflow of the tenant's owner that calls the local server with credential {@code credId}. */
    private String hook(Iam owner, String credId, String credName) {
        String path = "cred-" + UUID.randomUUID().toString().substring(0, 8);
        String json =
                """
                {"name":"calls out","nodes":[
                 {"id":"1","name":"Webhook","type":"n8n-nodes-base.webhook","typeVersion":2,"position":[0,0],
                  "parameters":{"path":"%s","httpMethod":"GET","responseMode":"lastNode","options":{}}},
                 {"id":"2","name":"Call","type":"n8n-nodes-base.httpRequest","typeVersion":4.2,"position":[200,0],
                  "parameters":{"url":"http://127.0.0.1:%d/api","authentication":"genericCredentialType","genericAuthType":"httpHeaderAuth"},
                  "credentials":{"httpHeaderAuth":{"id":"%s","name":"%s"}}}],
                 "connections":{"Webhook":{"main":[[{"node":"Call","type":"main","index":0}]]}}}
                """
                        .formatted(path, server.getAddress().getPort(), credId, credName);
        String wf = given().auth()
                .oauth2(owner.ownerToken())
                .contentType(ContentType.JSON)
                .body(json)
                .post("/api/v1/workflows")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().auth()
                .oauth2(owner.ownerToken())
                .post("/api/v1/workflows/" + wf + "/activate")
                .then()
                .statusCode(200);
        return path;
    }

    @Test
    void aTriggerRunUsesWhatTheOwnerMayUseAndRefusesAnotherMembersPrivateCredential() {
        Iam owner = Iam.newTenant();
        String member = Fixtures.member(owner.ownerToken(), "editor");
        String membersPrivate = create(member, "member key", "httpHeaderAuth", key(MEMBER_SECRET), null);
        String membersShared = create(member, "team key", "httpHeaderAuth", key(SHARED_SECRET), "{\"tenant\":true}");
        String ownersPrivate = create(owner.ownerToken(), "owner key", "httpHeaderAuth", key(OWNER_SECRET), null);

        given().get("/webhook/" + hook(owner, ownersPrivate, "owner key"))
                .then()
                .statusCode(200);
        assertThat(seen).containsExactly(OWNER_SECRET);
        given().get("/webhook/" + hook(owner, membersShared, "team key")).then().statusCode(200);
        assertThat(seen).containsExactly(OWNER_SECRET, SHARED_SECRET);

        String refused = hook(owner, membersPrivate, "member key");
        given().get("/webhook/" + refused).then().statusCode(500);
        assertThat(seen).containsExactly(OWNER_SECRET, SHARED_SECRET);
        List<Map<String, Object>> runs = given().auth()
                .oauth2(owner.ownerToken())
                .queryParam("status", "error")
                .get("/api/v1/executions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
        assertThat(runs).hasSize(1);
        String error = given().auth()
                .oauth2(owner.ownerToken())
                .get("/api/v1/executions/" + runs.getFirst().get("id"))
                .then()
                .statusCode(200)
                .extract()
                .path("runData.Call[0].error.message");
        assertThat(error)
                .contains("the 'httpHeaderAuth' credential 'member key' is not available to this run")
                .contains("act for the workflow's owner")
                .doesNotContain(MEMBER_SECRET);
    }
}

package io.hetumind.studio.trigger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An active workflow with an MQTT Trigger runs once per message; deactivated, it stops listening; saved anew, it
 * listens on the new version's parameters; a replica that loses the listener's lock stops and takes it back later.
 */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class ListenTriggerTest {
    private Server broker;
    private int port;

    @Inject
    ListenerHost host;

    @Inject
    javax.sql.DataSource dataSource;

    @Inject
    ListenerStates states;

    @BeforeEach
    void start() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", String.valueOf(port));
        p.setProperty("websocket_port", "disabled");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("allow_anonymous", "true");
        broker = new Server();
        broker.startServer(new MemoryConfig(p));
    }

    @AfterEach
    void stop() {
        broker.stopServer();
    }

    private List<Map<String, Object>> runs(Iam t, String wf) {
        return given().auth()
                .oauth2(t.ownerToken())
                .queryParam("workflowId", wf)
                .get("/api/v1/executions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
    }

    /** Saves workflow {@code body} for the tenant and activates it (expecting {@code activation}); returns its id. */
    private static String saveAndActivate(Iam t, String body, int activation) {
        String wf = given().auth()
                .oauth2(t.ownerToken())
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/workflows")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().auth()
                .oauth2(t.ownerToken())
                .post("/api/v1/workflows/" + wf + "/activate")
                .then()
                .statusCode(activation);
        return wf;
    }

    /** An active workflow whose MQTT Trigger listens on {@code topics}; returns its id. */
    private String activeWorkflow(Iam t, String topics) {
        String cred = given().auth()
                .oauth2(t.ownerToken())
                .contentType(ContentType.JSON)
                .body("{\"name\":\"broker\",\"type\":\"mqtt\",\"data\":{\"host\":\"127.0.0.1\",\"port\":" + port + "}}")
                .post("/api/v1/credentials")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        return saveAndActivate(t, mqttWorkflow(cred, topics), 200);
    }

    private static String mqttWorkflow(String cred, String topics) {
        return """
                {"name":"on mqtt","nodes":[
                 {"id":"1","name":"MQTT Trigger","type":"n8n-nodes-base.mqttTrigger","typeVersion":1,"position":[0,0],
                  "parameters":{"topics":"%s","options":{"jsonParseBody":true}},
                  "credentials":{"mqtt":{"id":"%s","name":"broker"}}}],
                 "connections":{}}
                """
                .formatted(topics, cred);
    }

    /** Waits up to 30 s for the workflow to have {@code n} executions; returns how many it has. */
    private int awaitRuns(Iam t, String wf, int n) throws InterruptedException {
        long until = System.currentTimeMillis() + 30_000;
        while (runs(t, wf).size() < n && System.currentTimeMillis() < until) {
            Thread.sleep(200);
        }
        return runs(t, wf).size();
    }

    /** Waits up to 30 s for {@code path} of an execution's JSON to be set (its run data is written at the end). */
    private static Object awaitPath(Iam t, String executionId, String path) throws InterruptedException {
        Object value = null;
        long until = System.currentTimeMillis() + 30_000;
        while (value == null && System.currentTimeMillis() < until) {
            value = given().auth()
                    .oauth2(t.ownerToken())
                    .get("/api/v1/executions/" + executionId)
                    .then()
                    .extract()
                    .path(path);
            if (value == null) {
                Thread.sleep(200);
            }
        }
        return value;
    }

    private MqttClient publisher(String id) throws Exception {
        MqttClient pub = new MqttClient("tcp://127.0.0.1:" + port, id, new MemoryPersistence());
        pub.connect();
        return pub;
    }

    private static void publish(MqttClient pub, String topic, String body) throws Exception {
        pub.publish(topic, body.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    @Test
    void savingANewVersionRestartsTheListenerOnTheNewParameters() throws Exception {
        Iam t = Iam.newTenant();
        String wf = activeWorkflow(t, "plant/#");
        host.reconcile();
        MqttClient pub = publisher("pub-update");
        try {
            publish(pub, "plant/a", "{\"n\":1}");
            assertThat(awaitRuns(t, wf, 1)).isEqualTo(1);
            String cred = given().auth()
                    .oauth2(t.ownerToken())
                    .get("/api/v1/workflows/" + wf)
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("nodes[0].credentials.mqtt.id");
            given().auth()
                    .oauth2(t.ownerToken())
                    .contentType(ContentType.JSON)
                    .header("If-Match", "\"1\"")
                    .body(mqttWorkflow(cred, "factory/#"))
                    .put("/api/v1/workflows/" + wf)
                    .then()
                    .statusCode(200);
            host.reconcile(); // the running listener is on version 1: stopped, and version 2's opened
            host.reconcile();
            publish(pub, "plant/b", "{\"n\":2}"); // the old topic no longer starts anything
            publish(pub, "factory/c", "{\"n\":3}");
            assertThat(awaitRuns(t, wf, 2)).isEqualTo(2);
            Thread.sleep(1_000);
            List<Map<String, Object>> runs = runs(t, wf);
            assertThat(runs).hasSize(2);
            String latest = String.valueOf(runs.getFirst().get("id"));
            Object topic = awaitPath(t, latest, "runData.'MQTT Trigger'[0].data.main[0][0].json.topic");
            assertThat(topic).isEqualTo("factory/c");
        } finally {
            pub.disconnect();
            pub.close();
            given().auth().oauth2(t.ownerToken()).post("/api/v1/workflows/" + wf + "/deactivate");
            host.reconcile();
        }
    }

    /**
     * The failover protocol with this replica as the one that loses its lock: its lock connection dies and another
     * replica (played by the test) takes the lock, so this one stops listening and runs nothing; once the other lets
     * go, this one takes the listener back.
     */
    @Test
    void aReplicaThatLosesItsLockStopsListeningAndTakesTheListenerBackWhenItIsFree() throws Exception {
        Iam t = Iam.newTenant();
        String wf = activeWorkflow(t, "line/#");
        host.reconcile();
        assertThat(host.held()).isPositive();
        MqttClient pub = publisher("pub-failover");
        try (Connection other = dataSource.getConnection()) {
            String lock;
            try (PreparedStatement ps = other.prepareStatement(
                    "SELECT 'hetumind-listener:' || tenant_id || ':' || workflow_id || ':' || node_name FROM listener"
                            + " WHERE workflow_id = ?::uuid")) {
                ps.setString(1, wf);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    lock = rs.getString(1);
                }
            }
            try (PreparedStatement ps = other.prepareStatement("SELECT pg_terminate_backend(l.pid) FROM pg_locks l"
                    + " WHERE l.locktype = 'advisory' AND ((l.classid::bigint << 32) | l.objid::bigint)"
                    + " = hashtextextended(?, 0)")) {
                ps.setString(1, lock);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next())
                            .as("this replica holds the listener's lock")
                            .isTrue();
                }
            }
            boolean taken = false;
            long until = System.currentTimeMillis() + 10_000;
            while (!taken && System.currentTimeMillis() < until) {
                try (PreparedStatement ps =
                        other.prepareStatement("SELECT pg_try_advisory_lock(hashtextextended(?, 0))")) {
                    ps.setString(1, lock);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        taken = rs.getBoolean(1);
                    }
                }
            }
            assertThat(taken)
                    .as("the other replica gets the lock once the first one's connection is gone")
                    .isTrue();
            host.reconcile(); // notices the dead lock connection and stops; cannot claim again
            host.reconcile();
            publish(pub, "line/1", "{\"n\":1}");
            Thread.sleep(1_500);
            assertThat(runs(t, wf))
                    .as("the replica without the lock runs nothing")
                    .isEmpty();
            try (PreparedStatement ps = other.prepareStatement("SELECT pg_advisory_unlock(hashtextextended(?, 0))")) {
                ps.setString(1, lock);
                ps.executeQuery().close();
            }
            host.reconcile(); // free again: claimed and opened
            publish(pub, "line/2", "{\"n\":2}");
            assertThat(awaitRuns(t, wf, 1)).isEqualTo(1);
        } finally {
            pub.disconnect();
            pub.close();
            given().auth().oauth2(t.ownerToken()).post("/api/v1/workflows/" + wf + "/deactivate");
            host.reconcile();
        }
    }

    @Test
    void aListenersSavedStateIsTenantScopedOutlivesDeactivationAndGoesWithItsWorkflow() throws Exception {
        Iam t = Iam.newTenant();
        String wf = activeWorkflow(t, "state/#");
        java.util.UUID id = java.util.UUID.fromString(wf);
        java.util.UUID tenant;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT tenant_id FROM workflow WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                tenant = rs.getObject(1, java.util.UUID.class);
            }
        }
        var state = io.hetumind.core.spi.Json.object().put("uidValidity", 7).put("lastMessageUid", 41);
        states.save(tenant, id, "MQTT Trigger", state);
        states.save(tenant, id, "MQTT Trigger", state.deepCopy().put("lastMessageUid", 42)); // replaced, not added
        assertThat(states.load(tenant, id, "MQTT Trigger"))
                .hasValueSatisfying(
                        s -> assertThat(s.path("lastMessageUid").asLong()).isEqualTo(42));
        assertThat(states.load(java.util.UUID.randomUUID(), id, "MQTT Trigger"))
                .as("another tenant naming the same workflow reads nothing")
                .isEmpty();
        assertThat(states.load(tenant, id, "Other node")).isEmpty();
        given().auth()
                .oauth2(t.ownerToken())
                .post("/api/v1/workflows/" + wf + "/deactivate")
                .then()
                .statusCode(200);
        host.reconcile();
        assertThat(states.load(tenant, id, "MQTT Trigger"))
                .as("kept across deactivation")
                .isPresent();
        given().auth()
                .oauth2(t.ownerToken())
                .delete("/api/v1/workflows/" + wf)
                .then()
                .statusCode(204);
        assertThat(states.load(tenant, id, "MQTT Trigger"))
                .as("gone with the workflow")
                .isEmpty();
    }

    @Test
    void eachMessageStartsAnExecutionUntilTheWorkflowIsDeactivated() throws Exception {
        Iam t = Iam.newTenant();
        String wf = activeWorkflow(t, "plant/#");
        host.reconcile();
        MqttClient pub = publisher("pub-studio");
        try {
            publish(pub, "plant/line1", "{\"rpm\":1200}");
            assertThat(awaitRuns(t, wf, 1)).isEqualTo(1);
            String id = String.valueOf(runs(t, wf).getFirst().get("id"));
            assertThat(awaitPath(t, id, "runData.'MQTT Trigger'[0].data.main[0][0].json.message.rpm"))
                    .isEqualTo(1200);

            given().auth()
                    .oauth2(t.ownerToken())
                    .post("/api/v1/workflows/" + wf + "/deactivate")
                    .then()
                    .statusCode(200);
            host.reconcile();
            publish(pub, "plant/line1", "{\"rpm\":1}");
            Thread.sleep(1_500);
            assertThat(runs(t, wf)).as("no execution after deactivation").hasSize(1);
        } finally {
            pub.disconnect();
            pub.close();
        }
    }

    /**
     * A trigger that watches the host's disk is held to the instance's local-files switch (off by default): such a
     * workflow saves with the problem and cannot be activated (and were it active, its listen would fail saying so).
     */
    @Test
    void aLocalFileTriggerNeedsTheInstanceToAllowLocalFiles() throws Exception {
        Iam t = Iam.newTenant();
        String wf = given().auth()
                .oauth2(t.ownerToken())
                .contentType(ContentType.JSON)
                .body(
                        """
                        {"name":"on files","nodes":[
                         {"id":"1","name":"Local File Trigger","type":"n8n-nodes-base.localFileTrigger","typeVersion":1,
                          "position":[0,0],"parameters":{"triggerOn":"folder","path":"/tmp","events":["add"]}}],
                         "connections":{}}
                        """)
                .post("/api/v1/workflows")
                .then()
                .statusCode(201)
                .body("problems.code", org.hamcrest.Matchers.hasItem("node-disabled"))
                .extract()
                .path("id");
        given().auth()
                .oauth2(t.ownerToken())
                .post("/api/v1/workflows/" + wf + "/activate")
                .then()
                .statusCode(400)
                .body(
                        "errors.message",
                        org.hamcrest.Matchers.hasItem(
                                org.hamcrest.Matchers.containsString("reading or writing files on the host's disk")));
        host.reconcile();
        assertThat(host.down()).doesNotContainKey(wf + "/Local File Trigger");
    }

    /**
     * An SSE Trigger on a real event stream: one execution per message; when the stream ends the host reopens it after
     * its back-off, and the reopen tells the server the last event id seen (kept as the listener's state).
     */
    @Test
    void anSseTriggerRunsPerMessageAndResumesFromTheLastEventIdWhenTheStreamEnds() throws Exception {
        java.util.concurrent.BlockingQueue<String> chunks = new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.concurrent.BlockingQueue<String> resumedFrom = new java.util.concurrent.LinkedBlockingQueue<>();
        com.sun.net.httpserver.HttpServer sse =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        sse.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        sse.createContext("/events", ex -> {
            String last = ex.getRequestHeaders().getFirst("Last-Event-ID");
            resumedFrom.add(last == null ? "" : last);
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            try (var o = ex.getResponseBody()) {
                for (String c = chunks.take(); !c.equals("<end>"); c = chunks.take()) {
                    o.write(c.getBytes(StandardCharsets.UTF_8));
                    o.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        sse.start();
        Iam t = Iam.newTenant();
        try {
            String wf = saveAndActivate(
                    t,
                    """
                    {"name":"on events","nodes":[
                     {"id":"1","name":"SSE Trigger","type":"n8n-nodes-base.sseTrigger","typeVersion":1,
                      "position":[0,0],"parameters":{"url":"http://127.0.0.1:%d/events"}}],
                     "connections":{}}
                    """
                            .formatted(sse.getAddress().getPort()),
                    200);
            host.reconcile();
            assertThat(resumedFrom.poll(10, java.util.concurrent.TimeUnit.SECONDS))
                    .isEmpty();
            chunks.add("id: 7\ndata: {\"n\":7}\n\n");
            assertThat(awaitRuns(t, wf, 1)).isEqualTo(1);
            String id = String.valueOf(runs(t, wf).getFirst().get("id"));
            assertThat(awaitPath(t, id, "runData.'SSE Trigger'[0].data.main[0][0].json.n"))
                    .isEqualTo(7);

            chunks.add("<end>");
            long until = System.currentTimeMillis() + 10_000;
            String reopened = null;
            while (reopened == null && System.currentTimeMillis() < until) {
                Thread.sleep(300);
                host.reconcile(); // reopens once the 1 s back-off passed
                reopened = resumedFrom.poll();
            }
            assertThat(reopened).as("the reopen resumes after event 7").isEqualTo("7");
            chunks.add("data: {\"n\":8}\n\n");
            assertThat(awaitRuns(t, wf, 2)).isEqualTo(2);

            given().auth()
                    .oauth2(t.ownerToken())
                    .post("/api/v1/workflows/" + wf + "/deactivate")
                    .then()
                    .statusCode(200);
            host.reconcile();
        } finally {
            chunks.add("<end>");
            sse.stop(0);
        }
    }
}

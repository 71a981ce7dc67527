package io.hetumind.studio.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.studio.engine.Executions;
import io.hetumind.studio.execution.ExecutionService;
import io.hetumind.studio.execution.LiveEvents;
import io.hetumind.studio.testsupport.Fixtures;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Node events go out only when someone may follow them: a run of a tenant nobody watches publishes its final status
 * alone (what waiters on other replicas need); a live connection here, or another replica's announcement on
 * {@code hetumind_live_watch}, brings the node events back; manual runs always publish them.
 */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class LiveWatchTest {
    private static final String CHAIN =
            """
            {"name": "Watched", "nodes": [
              {"id": "t", "name": "Start", "type": "hetumind.manualTrigger", "typeVersion": 1, "position": [0, 0], "parameters": {}},
              {"id": "s", "name": "Set", "type": "hetumind.set", "typeVersion": 3.4, "position": [200, 0],
               "parameters": {"mode": "manual", "assignments": {"assignments": [
                 {"id": "a", "name": "x", "value": "={{ 1 + 1 }}", "type": "number"}]}, "options": {}}},
              {"id": "n", "name": "Done", "type": "hetumind.noOp", "typeVersion": 1, "position": [400, 0], "parameters": {}}
            ], "connections": {
              "Start": {"main": [[{"node": "Set", "type": "main", "index": 0}]]},
              "Set": {"main": [[{"node": "Done", "type": "main", "index": 0}]]}
            }}
            """;

    @Inject
    ExecutionService executions;

    @Inject
    ExecutionEvents events;

    @Inject
    LiveWatch watch;

    @Inject
    DataSource db;

    @Test
    void aRunNobodyWatchesPublishesOnlyItsFinalStatus() throws Exception {
        UUID tenant = Fixtures.tenantOf(Iam.newTenant().ownerToken());
        UUID wf = Fixtures.save(db, tenant, CHAIN).workflowId();
        assertThat(watch.watched(tenant)).isFalse();
        assertThat(heard(wf, tenant, "trigger")).containsExactly("status:null:success");
    }

    @Test
    void aManualRunPublishesItsNodeEventsUnwatched() throws Exception {
        UUID tenant = Fixtures.tenantOf(Iam.newTenant().ownerToken());
        UUID wf = Fixtures.save(db, tenant, CHAIN).workflowId();
        assertThat(heard(wf, tenant, "manual")).containsSubsequence(EVERY_NODE);
    }

    @Test
    void aLiveConnectionHereBringsTheNodeEventsBack() throws Exception {
        UUID tenant = Fixtures.tenantOf(Iam.newTenant().ownerToken());
        UUID wf = Fixtures.save(db, tenant, CHAIN).workflowId();
        List<ExecutionEvent> fed = new java.util.concurrent.CopyOnWriteArrayList<>();
        Runnable stop = events.tenant(tenant, fed::add);
        try {
            assertThat(watch.watched(tenant)).isTrue();
            assertThat(heard(wf, tenant, "trigger")).containsSubsequence(EVERY_NODE);
        } finally {
            stop.run();
        }
        assertThat(fed).as("the tenant feed got the run's status changes").isNotEmpty();
    }

    @Test
    void anotherReplicasAnnouncementBringsTheNodeEventsBack() throws Exception {
        UUID tenant = Fixtures.tenantOf(Iam.newTenant().ownerToken());
        UUID wf = Fixtures.save(db, tenant, CHAIN).workflowId();
        UUID stranger = UUID.randomUUID();
        try (Connection c = db.getConnection();
                Statement s = c.createStatement()) {
            // what another studio replica sends while one of its live connections follows this tenant
            s.execute("SELECT pg_notify('" + LiveWatch.CHANNEL + "', '" + stranger + ",not-a-uuid, " + tenant + "')");
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (!watch.watched(tenant) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(watch.watched(tenant)).isTrue();
        assertThat(watch.watched(stranger))
                .as("every tenant of a packed notice")
                .isTrue();
        assertThat(heard(wf, tenant, "trigger")).containsSubsequence(EVERY_NODE);
    }

    /** A vector store (root, insert mode) loading and embedding a text with the local model: no credentials needed. */
    private static final String CLUSTER =
            """
            {"name": "Cluster", "nodes": [
              {"id": "t", "name": "Start", "type": "hetumind.manualTrigger", "typeVersion": 1, "position": [0, 0], "parameters": {}},
              {"id": "s", "name": "Set", "type": "hetumind.set", "typeVersion": 3.4, "position": [200, 0],
               "parameters": {"mode": "manual", "assignments": {"assignments": [
                 {"id": "a", "name": "text", "value": "The live feed lights up sub-nodes.", "type": "string"}]}, "options": {}}},
              {"id": "v", "name": "Store", "type": "hetumind.vectorStoreInMemory", "typeVersion": 1.3, "position": [400, 0],
               "parameters": {"mode": "insert", "memoryKey": "live-watch", "clearStore": true}},
              {"id": "e", "name": "Local Embeddings", "type": "hetumind.embeddingsLocal", "typeVersion": 1, "position": [400, 200], "parameters": {}},
              {"id": "l", "name": "Loader", "type": "hetumind.documentDefaultDataLoader", "typeVersion": 1.1, "position": [600, 200],
               "parameters": {"jsonMode": "expressionData", "jsonData": "={{ $json.text }}"}}
            ], "connections": {
              "Start": {"main": [[{"node": "Set", "type": "main", "index": 0}]]},
              "Set": {"main": [[{"node": "Store", "type": "main", "index": 0}]]},
              "Local Embeddings": {"ai_embedding": [[{"node": "Store", "type": "ai_embedding", "index": 0}]]},
              "Loader": {"ai_document": [[{"node": "Store", "type": "ai_document", "index": 0}]]}
            }}
            """;

    @Test
    void eachSubNodeCallLightsUpAsItStartsAndEnds() throws Exception {
        UUID tenant = Fixtures.tenantOf(Iam.newTenant().ownerToken());
        UUID wf = Fixtures.save(db, tenant, CLUSTER).workflowId();
        List<String> heard = heard(wf, tenant, "manual");
        assertThat(heard)
                .containsSubsequence(
                        "nodeStarted:Store:running",
                        "nodeStarted:Loader:running",
                        "nodeFinished:Loader:success",
                        "nodeStarted:Local Embeddings:running",
                        "nodeFinished:Local Embeddings:success",
                        "nodeFinished:Store:success",
                        "status:null:success");
        assertThat(heard.stream().filter(e -> e.startsWith("nodeStarted:Local Embeddings")))
                .as("one start per call, each followed by its end")
                .hasSameSizeAs(heard.stream()
                        .filter(e -> e.startsWith("nodeFinished:Local Embeddings"))
                        .toList());
    }

    private static final String[] EVERY_NODE = {
        "nodeStarted:Set:running",
        "nodeFinished:Set:success",
        "nodeStarted:Done:running",
        "nodeFinished:Done:success",
        "status:null:success"
    };

    /** Runs the workflow in {@code mode} and answers what the execution channel carried for that execution. */
    private List<String> heard(UUID wf, UUID tenant, String mode) throws Exception {
        List<String> heard = new ArrayList<>();
        try (Connection listener = db.getConnection()) {
            try (Statement s = listener.createStatement()) {
                s.execute("LISTEN " + LiveEvents.CHANNEL);
            }
            String id = executions
                    .start(new Executions.Launch(
                            tenant,
                            wf,
                            1,
                            mode,
                            null,
                            List.of(Item.of(Json.object())),
                            Executions.Placement.QUEUED,
                            Map.of(),
                            null,
                            null,
                            null,
                            null))
                    .executionId();
            PGConnection pg = listener.unwrap(PGConnection.class);
            long end = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < end && !heard.contains("status:null:success")) {
                collect(pg, id, heard, 200);
            }
            collect(pg, id, heard, 300); // anything published after the final status would be in flight by now
        }
        return heard;
    }

    private static void collect(PGConnection pg, String id, List<String> heard, int waitMs) throws SQLException {
        PGNotification[] got = pg.getNotifications(waitMs);
        for (PGNotification n : got == null ? new PGNotification[0] : got) {
            for (String event : Notices.unpack(n.getParameter())) {
                JsonNode e = Json.parse(event);
                if (id.equals(e.path("executionId").asText())) {
                    heard.add(e.path("type").asText() + ":" + e.path("node").asText() + ":"
                            + e.path("status").asText());
                }
            }
        }
    }
}

package io.hetumind.studio.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hetumind.core.engine.NodeRun;
import io.hetumind.core.engine.NodeRunStatus;
import io.hetumind.core.engine.SourceRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.executor.temporal.ExecutionInput;
import io.hetumind.platform.db.Jdbc;
import io.hetumind.studio.engine.StudioDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Temporal run-data store on the studio's own tables (V10): round trips, tenancy, and its lifetime. */
class PgRunDataStoreTest {

    private static StudioDb db;
    private static PgRunDataStore store;

    @BeforeAll
    static void open() {
        db = new StudioDb();
        store = new PgRunDataStore(new Jdbc(db.ds));
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static ExecutionInput input(UUID id, UUID tenant) {
        return new ExecutionInput(
                id.toString(),
                "{\"name\":\"wf\"}",
                "manual",
                null,
                false,
                0,
                true,
                null,
                1,
                TemporalBackend.context(tenant, UUID.randomUUID(), null));
    }

    private static Item item(String json) {
        return Item.of((com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(json));
    }

    private static NodeRun run(long task, String json) {
        return new NodeRun(
                task,
                NodeRunStatus.SUCCESS,
                1000,
                3,
                List.of(List.of(item(json))),
                null,
                List.of(List.of(new SourceRef("Trigger", 0, 0))),
                List.of("a console line"),
                1,
                null,
                List.of(modelCall(task)));
    }

    /** A call the run made of its chat model sub-node, kept with the run (core's SubRun). */
    private static io.hetumind.core.engine.SubRun modelCall(long task) {
        return new io.hetumind.core.engine.SubRun(
                "GPT",
                "ai_languageModel",
                List.of(item("{\"messages\":[\"Human: hi\"]}")),
                new NodeRun(
                        task,
                        NodeRunStatus.ERROR,
                        1001,
                        1,
                        List.of(),
                        io.hetumind.core.engine.ExecutionError.of(
                                "'GPT' (OpenAI) answered HTTP 401: bad key",
                                "GPT",
                                io.hetumind.core.spi.ErrorKind.USER),
                        List.of(List.of(new SourceRef("Agent", 0, 0))),
                        List.of(),
                        1));
    }

    @Test
    void keepsWhatActivitiesWriteUnderTheExecutionsTenant() throws SQLException {
        UUID id = UUID.randomUUID();
        UUID tenant = UUID.randomUUID();
        ExecutionInput input = input(id, tenant);
        store.putInput(input, List.of(item("{\"name\":\"Ada\"}")));
        store.putRun(id.toString(), run(2, "{\"n\":1}"));
        store.putRun(id.toString(), run(2, "{\"n\":2}")); // a retried activity overwrites its own key
        store.putNodeState(id.toString(), 2, Json.object().put("cursor", 4));
        store.putResumeOutputs(id.toString(), "Wait", List.of(List.of(item("{\"body\":1}")), List.of()));
        assertThat(store.response(id.toString())).isEmpty();
        store.putResponse(
                id.toString(),
                new io.hetumind.core.spi.trigger.WebhookResponse(202, Map.of("x-run", "t"), "{\"ok\":true}", null));
        store.putContinuation(id.toString(), 1, "{\"state\":\"first\"}");
        store.putContinuation(id.toString(), 1, "{\"state\":\"again\"}"); // a repeated activity overwrites it

        assertThat(store.input(id.toString())).contains(input);
        assertThat(store.triggerItems(id.toString()))
                .singleElement()
                .satisfies(i -> assertThat(i.json().path("name").asText()).isEqualTo("Ada"));
        NodeRun back = store.run(id.toString(), 2).orElseThrow();
        assertThat(back.outputs().getFirst().getFirst().json().path("n").asInt())
                .isEqualTo(2);
        assertThat(back.console()).containsExactly("a console line");
        assertThat(back.source()).isEqualTo(run(2, "{}").source());
        assertThat(back.subRuns())
                .as("the calls of its sub-nodes")
                .isEqualTo(run(2, "{}").subRuns());
        assertThat(store.nodeState(id.toString(), 2)
                        .orElseThrow()
                        .path("cursor")
                        .asInt())
                .isEqualTo(4);
        assertThat(store.resumeOutputs(id.toString(), "Wait").orElseThrow()).hasSize(2);
        assertThat(store.response(id.toString()))
                .as("a Respond to Webhook answer, kind 'response' (V13)")
                .contains(new io.hetumind.core.spi.trigger.WebhookResponse(
                        202, Map.of("x-run", "t"), "{\"ok\":true}", null));
        assertThat(store.continuation(id.toString(), 1))
                .as("what generation 0 handed on to 1, kind 'continuation' (V14)")
                .contains("{\"state\":\"again\"}");
        assertThat(store.continuation(id.toString(), 2)).isEmpty();
        assertThat(store.run(id.toString(), 3)).isEmpty();
        assertThat(store.tenantOf(id.toString())).contains(tenant);
        assertThat(tenants(id)).containsOnly(tenant).hasSize(7);
    }

    @Test
    void refusesWritesForAnExecutionItNeverStartedAndInputsWithoutATenant() {
        UUID id = UUID.randomUUID();
        assertThatThrownBy(() -> store.putRun(id.toString(), run(1, "{}")))
                .hasMessageContaining("execution " + id + " is not in the run-data store");
        assertThatThrownBy(() -> store.putResponse(
                        id.toString(), new io.hetumind.core.spi.trigger.WebhookResponse(200, Map.of(), null, null)))
                .hasMessageContaining("execution " + id + " is not in the run-data store");
        ExecutionInput noTenant =
                new ExecutionInput(id.toString(), "{}", "manual", null, false, 0, false, null, 0, Map.of());
        assertThatThrownBy(() -> store.putInput(noTenant, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names no tenant");
        assertThat(store.input(id.toString())).isEmpty();
        assertThat(store.triggerItems(id.toString())).isEmpty();
    }

    @Test
    void goesWithTheExecutionsQueueRowAndOnlyWithIt() throws SQLException {
        UUID gone = UUID.randomUUID();
        UUID stays = UUID.randomUUID();
        UUID tenant = UUID.randomUUID();
        for (UUID id : List.of(gone, stays)) {
            store.putInput(input(id, tenant), List.of());
            store.putRun(id.toString(), run(1, "{}"));
            queueRow(id, tenant);
        }
        try (Connection c = db.ds.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM execution_queue WHERE id = ?")) {
            ps.setObject(1, gone);
            assertThat(ps.executeUpdate()).isOne();
        }
        assertThat(tenants(gone)).isEmpty();
        assertThat(tenants(stays)).hasSize(3);
        store.delete(stays.toString());
        assertThat(tenants(stays)).isEmpty();
    }

    @Test
    void keepsChildExecutionsUnderTheirRootAndItsTenant() throws SQLException {
        UUID root = UUID.randomUUID();
        UUID tenant = UUID.randomUUID();
        String child = root + ".c3.0";
        String grandchild = child + ".c2.1";
        store.putInput(input(root, tenant), List.of(item("{\"root\":1}")));
        store.putRun(root.toString(), run(3, "{\"of\":\"root\"}"));
        for (String id : List.of(child, grandchild)) {
            ExecutionInput in = new ExecutionInput(
                    id,
                    "{\"name\":\"sub\"}",
                    "child",
                    root.toString(),
                    false,
                    0,
                    false,
                    null,
                    1,
                    input(root, tenant).context());
            store.putInput(in, List.of(item("{\"child\":\"" + id + "\"}")));
            store.putRun(id, run(3, "{\"of\":\"" + id + "\"}"));
            store.putNodeState(id, 3, Json.object().put("cursor", id));
            assertThat(store.input(id)).contains(in);
        }

        assertThat(store.run(root.toString(), 3)
                        .orElseThrow()
                        .outputs()
                        .getFirst()
                        .getFirst()
                        .json()
                        .path("of")
                        .asText())
                .isEqualTo("root");
        assertThat(store.run(child, 3)
                        .orElseThrow()
                        .outputs()
                        .getFirst()
                        .getFirst()
                        .json()
                        .path("of")
                        .asText())
                .isEqualTo(child);
        assertThat(store.triggerItems(grandchild)
                        .getFirst()
                        .json()
                        .path("child")
                        .asText())
                .isEqualTo(grandchild);
        assertThat(store.nodeState(grandchild, 3).orElseThrow().path("cursor").asText())
                .isEqualTo(grandchild);
        assertThat(store.tenantOf(child)).contains(tenant);
        assertThat(tenants(root))
                .as("every row under the root, with its tenant")
                .containsOnly(tenant)
                .hasSize(11);

        ExecutionInput foreign = new ExecutionInput(
                root + ".c9.0",
                "{}",
                "child",
                root.toString(),
                false,
                0,
                false,
                null,
                0,
                input(root, UUID.randomUUID()).context());
        assertThatThrownBy(() -> store.putInput(foreign, List.of()))
                .hasMessageContaining("has no root execution of tenant");
        assertThatThrownBy(() -> store.input(root + ".x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an execution id");

        store.delete(child);
        assertThat(store.input(grandchild))
                .as("a child goes with its own children")
                .isEmpty();
        assertThat(tenants(root)).hasSize(3);
        queueRow(root, tenant);
        try (Connection c = db.ds.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM execution_queue WHERE id = ?")) {
            ps.setObject(1, root);
            ps.executeUpdate();
        }
        assertThat(tenants(root)).isEmpty();
    }

    private static void queueRow(UUID id, UUID tenant) throws SQLException {
        try (Connection c = db.ds.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO execution_queue (id, created_at, tenant_id,"
                        + " workflow_id, workflow_version, state, run_at, launch)"
                        + " VALUES (?, now(), ?, ?, 1, 'claimed', now(), '{}')")) {
            ps.setObject(1, id);
            ps.setObject(2, tenant);
            ps.setObject(3, UUID.randomUUID());
            ps.executeUpdate();
        }
    }

    private static List<UUID> tenants(UUID id) throws SQLException {
        try (Connection c = db.ds.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT tenant_id FROM temporal_run_data WHERE execution_id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                List<UUID> out = new java.util.ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
                return out;
            }
        }
    }
}

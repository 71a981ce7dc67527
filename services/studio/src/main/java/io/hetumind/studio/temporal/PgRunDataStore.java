package io.hetumind.studio.temporal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.HostedSteps;
import io.hetumind.core.engine.NodeRun;
import io.hetumind.core.format.ItemCodec;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.trigger.WebhookResponse;
import io.hetumind.executor.temporal.ExecutionInput;
import io.hetumind.executor.temporal.ResponseCodec;
import io.hetumind.executor.temporal.RunDataStore;
import io.hetumind.platform.db.Jdbc;
import io.hetumind.studio.engine.Gzip;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The Temporal backend's item data in PostgreSQL (table {@code temporal_run_data}, V10), shared by every studio that
 * starts executions on Temporal or runs its activities. Each row carries its execution's tenant, taken from the
 * execution's input (context key {@value #TENANT}), so a write for an execution that was never started here fails
 * instead of landing without an owner. Rows go when the execution's queue row goes (a trigger in the same
 * transaction): by then its record holds the run. A child execution (Execute Workflow's sub-workflow, id
 * {@code <root>.c<task>.<n>}, nested children adding more such parts) keeps its rows under its root execution's id, its
 * refs prefixed with the rest of its id ({@code .c3.0} for input and trigger items, {@code .c3.0:<task>} for runs and
 * state), so they carry the root's tenant and go with the root's queue row.
 */
public final class PgRunDataStore implements RunDataStore {

    /** The context key naming the execution's tenant. */
    public static final String TENANT = "tenantId";

    private final Jdbc db;

    public PgRunDataStore(Jdbc db) {
        this.db = db;
    }

    @Override
    public void putInput(ExecutionInput input, List<Item> triggerItems) {
        String tenant = input.context().get(TENANT);
        if (tenant == null) {
            throw new IllegalArgumentException(
                    "execution " + input.executionId() + " names no tenant (context key " + TENANT + ")");
        }
        Key key = Key.of(input.executionId());
        if (!key.child().isEmpty()) {
            Optional<UUID> rootTenant = tenantOf(key.root().toString());
            if (rootTenant.isEmpty() || !rootTenant.get().toString().equals(tenant)) {
                throw new IllegalStateException("child execution " + input.executionId()
                        + " has no root execution of tenant " + tenant + " in the run-data store");
            }
        }
        byte[] inputJson = Gzip.compress(writeInput(input));
        byte[] trigger = Gzip.compress(Json.write(ItemCodec.writeAll(triggerItems)));
        run(() -> db.txChecked(c -> {
            String sql = "INSERT INTO temporal_run_data (execution_id, tenant_id, kind, ref, value)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (execution_id, kind, ref) DO UPDATE SET value = excluded.value";
            Jdbc.update(c, sql, key.root(), UUID.fromString(tenant), "input", key.child(), inputJson);
            Jdbc.update(c, sql, key.root(), UUID.fromString(tenant), "trigger", key.child(), trigger);
            return null;
        }));
    }

    @Override
    public Optional<ExecutionInput> input(String executionId) {
        return read(executionId, "input", null).map(PgRunDataStore::readInput);
    }

    @Override
    public List<Item> triggerItems(String executionId) {
        return read(executionId, "trigger", null)
                .map(json -> ItemCodec.readAll(Json.parse(json), "trigger"))
                .orElse(List.of());
    }

    @Override
    public void putRun(String executionId, NodeRun run) {
        put(executionId, "run", Long.toString(run.taskId()), Json.write(HostedSteps.runToJson(run)));
    }

    @Override
    public Optional<NodeRun> run(String executionId, long taskId) {
        return read(executionId, "run", Long.toString(taskId)).map(json -> HostedSteps.runFromJson(Json.parse(json)));
    }

    @Override
    public void putNodeState(String executionId, long taskId, ObjectNode state) {
        put(executionId, "state", Long.toString(taskId), Json.write(state));
    }

    @Override
    public Optional<ObjectNode> nodeState(String executionId, long taskId) {
        return read(executionId, "state", Long.toString(taskId)).map(json -> (ObjectNode) Json.parse(json));
    }

    @Override
    public void putResumeOutputs(String executionId, String node, List<List<Item>> outputs) {
        ArrayNode ports = Json.array();
        outputs.forEach(p -> ports.add(ItemCodec.writeAll(p)));
        put(executionId, "resume", node, Json.write(ports));
    }

    @Override
    public Optional<List<List<Item>>> resumeOutputs(String executionId, String node) {
        return read(executionId, "resume", node).map(json -> {
            List<List<Item>> ports = new ArrayList<>();
            for (JsonNode p : Json.parse(json)) {
                ports.add(ItemCodec.readAll(p, "resume"));
            }
            return ports;
        });
    }

    @Override
    public void putResponse(String executionId, WebhookResponse response) {
        put(executionId, "response", "", ResponseCodec.write(response));
    }

    @Override
    public Optional<WebhookResponse> response(String executionId) {
        return read(executionId, "response", "").map(ResponseCodec::read);
    }

    @Override
    public void putContinuation(String executionId, int generation, String json) {
        put(executionId, "continuation", Integer.toString(generation), json);
    }

    @Override
    public Optional<String> continuation(String executionId, int generation) {
        return read(executionId, "continuation", Integer.toString(generation));
    }

    @Override
    public void delete(String executionId) {
        Key key = Key.of(executionId);
        if (key.child().isEmpty()) {
            run(() -> db.txChecked(
                    c -> Jdbc.update(c, "DELETE FROM temporal_run_data WHERE execution_id = ?", key.root())));
            return;
        }
        // the child's rows and those of its own children
        run(() -> db.txChecked(c -> Jdbc.update(
                c,
                "DELETE FROM temporal_run_data WHERE execution_id = ? AND (ref = ? OR starts_with(ref, ?)"
                        + " OR starts_with(ref, ?))",
                key.root(),
                key.child(),
                key.child() + ":",
                key.child() + ".")));
    }

    /** The tenant an execution's data belongs to (a child's: its root's), if it has any here. */
    public Optional<UUID> tenantOf(String executionId) {
        Key key = Key.of(executionId);
        return Optional.ofNullable(run(() -> db.read(c -> Jdbc.one(
                c,
                "SELECT tenant_id FROM temporal_run_data WHERE execution_id = ? AND kind = 'input' AND ref = ?",
                rs -> Jdbc.uuid(rs, "tenant_id"),
                key.root(),
                key.child()))));
    }

    /**
     * Where an execution's rows are: its root execution's id and the rest of its id ({@code ""} for a root). A ref
     * {@code r} of the execution is stored as {@code child + ":" + r} for a child, as {@code r} for a root.
     */
    record Key(UUID root, String child) {
        static Key of(String executionId) {
            int dot = executionId.indexOf('.');
            String rest = dot < 0 ? "" : executionId.substring(dot);
            if (!rest.isEmpty() && !rest.matches("(\\.c[0-9]+\\.[0-9]+)+")) {
                throw new IllegalArgumentException("not an execution id: " + executionId);
            }
            return new Key(UUID.fromString(dot < 0 ? executionId : executionId.substring(0, dot)), rest);
        }

        /** How {@code ref} (null: the execution's own input and trigger rows) is stored. */
        String ref(String ref) {
            if (ref == null) {
                return child;
            }
            return child.isEmpty() ? ref : child + ":" + ref;
        }
    }

    /** Writes one value under the tenant of the execution's input; an execution without input is refused. */
    private void put(String executionId, String kind, String ref, String json) {
        Key key = Key.of(executionId);
        byte[] value = Gzip.compress(json);
        int n = run(() -> db.txChecked(c -> Jdbc.update(
                c,
                "INSERT INTO temporal_run_data (execution_id, tenant_id, kind, ref, value)"
                        + " SELECT execution_id, tenant_id, ?, ?, ? FROM temporal_run_data"
                        + " WHERE execution_id = ? AND kind = 'input' AND ref = ?"
                        + " ON CONFLICT (execution_id, kind, ref) DO UPDATE SET value = excluded.value",
                kind,
                key.ref(ref),
                value,
                key.root(),
                key.ref(null))));
        if (n == 0) {
            throw new IllegalStateException("execution " + executionId + " is not in the run-data store");
        }
    }

    /** One value; {@code ref} null: the execution's own input or trigger row. */
    private Optional<String> read(String executionId, String kind, String ref) {
        Key key = Key.of(executionId);
        byte[] value = run(() -> db.read(c -> Jdbc.one(
                c,
                "SELECT value FROM temporal_run_data WHERE execution_id = ? AND kind = ? AND ref = ?",
                rs -> rs.getBytes(1),
                key.root(),
                kind,
                key.ref(ref))));
        return Optional.ofNullable(value).map(Gzip::decompress);
    }

    private static String writeInput(ExecutionInput input) {
        try {
            return Json.writer().writeValueAsString(input);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the input of execution " + input.executionId(), e);
        }
    }

    private static ExecutionInput readInput(String json) {
        try {
            return Json.reader(ExecutionInput.class).readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored input of an execution is unreadable: " + e.getMessage(), e);
        }
    }

    private interface Sql<T> {
        T call() throws SQLException;
    }

    private static <T> T run(Sql<T> sql) {
        try {
            return sql.call();
        } catch (SQLException e) {
            throw new IllegalStateException("the run-data store failed: " + e.getMessage(), e);
        }
    }
}

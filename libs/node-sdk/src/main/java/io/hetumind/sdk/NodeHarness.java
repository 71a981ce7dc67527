package io.hetumind.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionError;
import io.hetumind.core.engine.ExecutionListener;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.InMemoryCheckpointer;
import io.hetumind.core.engine.NodeRun;
import io.hetumind.core.engine.PreparedWorkflow;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one node type through the real {@link Engine}, with a trigger in front that emits the given input items: the
 * descriptor is checked as a host checks it, parameters are rendered as expressions, credentials are resolved through
 * the engine, and the node's output (or error) is what a workflow run would record. Not thread-safe; build one per
 * test.
 *
 * <pre>{@code
 * NodeHarness.Outcome out = NodeHarness.of(new GreetNode())
 *         .parameters("{\"name\": \"={{ $json.who }}\"}")
 *         .input("[{\"who\": \"Ada\"}]")
 *         .run();
 * assertEquals("Hello, Ada", out.items().get(0).json().get("greeting").asText());
 * }</pre>
 */
public final class NodeHarness {

    /** The node's name in the harness workflow (error messages name it). */
    public static final String NODE = "Node";

    private static final String TRIGGER = "Trigger";
    private static final String TRIGGER_TYPE = "sdk.harnessTrigger";

    private final NodeType type;
    private ObjectNode parameters = Json.object();
    private double typeVersion;
    private List<Item> input = List.of(Item.empty());
    private final Map<String, ObjectNode> credentials = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<Class<?>, Object> services = new LinkedHashMap<>();
    private String onError = "stopWorkflow";
    private final List<ExecutionListener> listeners = new ArrayList<>();

    private NodeHarness(NodeType type) {
        this.type = type;
        List<Double> versions = type.descriptor().versions();
        this.typeVersion = versions.isEmpty() ? 1 : versions.getLast();
    }

    /** A harness for {@code type}, at its latest version, fed one empty item. */
    public static NodeHarness of(NodeType type) {
        return new NodeHarness(type);
    }

    /** The node's parameters as written in a workflow ({@code =…} strings are expressions). */
    public NodeHarness parameters(ObjectNode value) {
        this.parameters = value.deepCopy();
        return this;
    }

    /** {@link #parameters(ObjectNode)} from JSON text. */
    public NodeHarness parameters(String json) {
        JsonNode tree = Json.parse(json);
        if (!(tree instanceof ObjectNode o)) {
            throw new IllegalArgumentException("parameters must be a JSON object, got: " + json);
        }
        return parameters(o);
    }

    /** The items the trigger emits into the node (default: one empty item). */
    public NodeHarness input(List<Item> items) {
        this.input = List.copyOf(items);
        return this;
    }

    /** {@link #input(List)} from a JSON array of objects, one item each. */
    public NodeHarness input(String jsonArray) {
        JsonNode tree = Json.parse(jsonArray);
        if (!(tree instanceof ArrayNode array)) {
            throw new IllegalArgumentException("input must be a JSON array of objects, got: " + jsonArray);
        }
        List<Item> items = new ArrayList<>();
        for (JsonNode n : array) {
            if (!(n instanceof ObjectNode o)) {
                throw new IllegalArgumentException("input item " + items.size() + " is not a JSON object: " + n);
            }
            items.add(Item.of(o));
        }
        return input(items);
    }

    /** The type version the node is run at (default: the latest the descriptor declares). */
    public NodeHarness typeVersion(double value) {
        this.typeVersion = value;
        return this;
    }

    /** Credential data the node gets from {@code ctx.credentials(credentialType)}. */
    public NodeHarness credential(String credentialType, ObjectNode data) {
        credentials.put(credentialType, data.deepCopy());
        return this;
    }

    /** {@link #credential(String, ObjectNode)} from JSON text. */
    public NodeHarness credential(String credentialType, String json) {
        JsonNode tree = Json.parse(json);
        if (!(tree instanceof ObjectNode o)) {
            throw new IllegalArgumentException("credential data must be a JSON object, got: " + json);
        }
        return credential(credentialType, o);
    }

    /** A variable visible as {@code $env.NAME} in expressions. */
    public NodeHarness env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** A service the node gets from {@code ctx.service(type)}. */
    public <T> NodeHarness service(Class<T> serviceType, T value) {
        services.put(serviceType, value);
        return this;
    }

    /**
     * An execution listener the run's events go to (node started, finished …); {@link #run()} returns once it has
     * handled them, or after five seconds.
     */
    public NodeHarness listener(ExecutionListener value) {
        listeners.add(value);
        return this;
    }

    /** Runs with {@code onError: continueRegularOutput}: a failed item becomes an {@code error} item. */
    public NodeHarness continueOnFail() {
        this.onError = "continueRegularOutput";
        return this;
    }

    /**
     * Runs the workflow {@code Trigger → Node} to its end.
     *
     * @throws IllegalStateException when the node's descriptor is invalid (as a host would refuse it)
     */
    public Outcome run() {
        NodeDescriptor d = type.descriptor();
        boolean isTrigger = d.trigger();
        NodeRegistry registry =
                isTrigger ? NodeRegistry.of(List.of(type)) : NodeRegistry.of(List.of(new HarnessTrigger(), type));
        Engine.Builder b = Engine.builder()
                .registry(registry)
                .checkpointer(new InMemoryCheckpointer())
                .env(env)
                .credentials((ref, credentialType) ->
                        Optional.ofNullable(credentials.get(credentialType)).map(ObjectNode::deepCopy));
        services.forEach((k, v) -> service(b, k, v));
        listeners.forEach(b::listener);
        Engine engine = b.build();
        PreparedWorkflow wf = engine.prepare(WorkflowFormat.read(workflow(d.type(), isTrigger)));
        ExecutionResult r = engine.run(wf, RunRequest.defaults().sequential().withInput(input));
        if (!listeners.isEmpty()) {
            try {
                engine.awaitListeners(java.time.Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<NodeRun> runs = r.state().runs(NODE);
        NodeRun run = runs.isEmpty() ? null : runs.getLast();
        ExecutionError error =
                run != null && run.error() != null ? run.error() : r.state().error();
        return new Outcome(r.status(), run == null ? List.of() : run.outputs(), error, r);
    }

    @SuppressWarnings("unchecked")
    private static <T> void service(Engine.Builder b, Class<T> k, Object v) {
        b.service(k, (T) v);
    }

    private ObjectNode workflow(String nodeType, boolean isTrigger) {
        ObjectNode wf = Json.object().put("id", "node-harness").put("name", "node harness");
        ArrayNode nodes = wf.putArray("nodes");
        if (!isTrigger) {
            nodes.addObject().put("name", TRIGGER).put("type", TRIGGER_TYPE);
        }
        ObjectNode node = nodes.addObject()
                .put("name", NODE)
                .put("type", nodeType)
                .put("typeVersion", typeVersion)
                .put("onError", onError);
        node.set("parameters", parameters);
        if (!credentials.isEmpty()) {
            ObjectNode creds = node.putObject("credentials");
            credentials.keySet().forEach(t -> creds.putObject(t).put("id", t).put("name", t));
        }
        ObjectNode connections = wf.putObject("connections");
        if (!isTrigger) {
            connections
                    .putObject(TRIGGER)
                    .putArray("main")
                    .addArray()
                    .addObject()
                    .put("node", NODE)
                    .put("type", "main")
                    .put("index", 0);
        }
        return wf;
    }

    /**
     * What a harness run produced.
     *
     * @param status how the execution ended ({@code SUCCESS} or {@code ERROR} for an ordinary node)
     * @param outputs the node's items per output port (empty when it did not produce any)
     * @param error why the node (or the run) failed, or null
     * @param result the whole execution, for anything else (run data JSON, console lines)
     */
    public record Outcome(
            ExecutionStatus status, List<List<Item>> outputs, ExecutionError error, ExecutionResult result) {

        /** Items of the first output port. */
        public List<Item> items() {
            return items(0);
        }

        /** Items of output {@code port}, empty when it produced none. */
        public List<Item> items(int port) {
            return port < outputs.size() ? outputs.get(port) : List.of();
        }

        /** The JSON of each item of the first output. */
        public List<ObjectNode> json() {
            return items().stream().map(Item::json).toList();
        }

        public boolean succeeded() {
            return status == ExecutionStatus.SUCCESS && error == null;
        }
    }

    /** Emits the harness input. */
    private static final class HarnessTrigger implements NodeType {
        @Override
        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder(TRIGGER_TYPE)
                    .displayName("Harness Trigger")
                    .trigger()
                    .build();
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
            return NodeResult.of(ctx.items());
        }
    }
}

package io.hetumind.core.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.SourceRef;
import io.hetumind.core.engine.Task;
import io.hetumind.core.engine.WorkflowGraph;
import io.hetumind.core.expr.ExpressionEngine;
import io.hetumind.core.expr.ExpressionException;
import io.hetumind.core.expr.PairedItemException;
import io.hetumind.core.model.CredentialRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.CredentialResolver;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The engine's {@link NodeContext}: one per node run, used by that run's thread only. */
public final class NodeRunContext implements NodeContext {

    private final EngineServices services;
    private final MachineState state;
    private final Workflow workflow;
    private final WorkflowGraph graph;
    private final int nodeIndex;
    private final Task task;
    private final Node node;
    private final NodeType type;
    private final List<List<Item>> inputs;
    private ObjectNode nodeState; // made on first use when the node had none
    private final int runIndex;
    private final Control control;
    private final ZoneId zone;
    private Instant now;
    private List<String> console; // made by the first line logged
    private final Map<Class<?>, Object> runServices;
    private NodeRunContext root; // set on a sub-node's context: its console lines go to the root's run
    private NodeRunContext parent; // set on a sub-node's context: the node it was attached to
    private int depth;
    private List<SubRunSlot> subRuns; // on a root: calls of its sub-nodes, by start; made by the first; under this
    private java.util.function.Consumer<io.hetumind.core.engine.RunEvent> subCallEvents; // nullable

    public NodeRunContext(
            EngineServices services,
            MachineState state,
            WorkflowGraph graph,
            Task task,
            Node node,
            NodeType type,
            List<List<Item>> inputs,
            ObjectNode nodeState,
            Control control,
            Map<Class<?>, Object> runServices) {
        this.services = services;
        this.state = state;
        this.workflow = graph.workflow();
        this.graph = graph;
        this.nodeIndex = graph.indexOf(node.name());
        this.task = task;
        this.node = node;
        this.type = type;
        this.inputs = inputs;
        this.nodeState = nodeState;
        this.runIndex = state.runs(node.name()).size();
        this.control = control;
        this.zone = graph.zone();
        this.runServices = runServices;
    }

    EngineServices services() {
        return services;
    }

    MachineState state() {
        return state;
    }

    Workflow workflow() {
        return workflow;
    }

    Task task() {
        return task;
    }

    List<String> consoleLines() {
        return console == null ? List.of() : console;
    }

    @Override
    public Node node() {
        return node;
    }

    @Override
    public String workflowId() {
        return workflow.id();
    }

    @Override
    public String workflowName() {
        return workflow.name();
    }

    @Override
    public List<Node> workflowNodes() {
        return workflow.nodes();
    }

    @Override
    public String executionId() {
        return state.executionId();
    }

    @Override
    public String mode() {
        return state.mode();
    }

    @Override
    public int runIndex() {
        return runIndex;
    }

    @Override
    public int inputCount() {
        return inputs.size();
    }

    @Override
    public Optional<PairedItem.Source> inputSource(int index) {
        List<List<SourceRef>> inputs = task.inputs();
        if (index < 0 || index >= inputs.size()) {
            return Optional.empty();
        }
        for (SourceRef ref : inputs.get(index)) {
            if (ref.node() != null) {
                return Optional.of(new PairedItem.Source(ref.node(), ref.output(), ref.run()));
            }
        }
        return Optional.empty();
    }

    @Override
    public List<Item> input(int index) {
        return index < inputs.size() ? inputs.get(index) : List.of();
    }

    @Override
    public <T> T param(String path, int itemIndex, Class<T> type) {
        T value = param(path, itemIndex, type, null);
        if (value == null) {
            PropertySpec spec = graph.spec(nodeIndex, path);
            if (spec != null && spec.required()) {
                throw NodeException.user("parameter '" + path + "' is required", itemIndex);
            }
        }
        return value;
    }

    @Override
    public <T> T param(String path, int itemIndex, Class<T> type, T fallback) {
        JsonNode value = paramTree(path, itemIndex);
        if (value == null || value.isNull() || value.isMissingNode()) {
            return fallback;
        }
        try {
            T converted = ParamConverter.convert(value, type);
            return converted == null ? fallback : converted;
        } catch (IllegalArgumentException e) {
            throw NodeException.user("parameter '" + path + "': " + e.getMessage(), itemIndex);
        }
    }

    @Override
    public JsonNode paramTree(String path, int itemIndex) {
        JsonNode raw = rawParam(path);
        if (raw == null) {
            PropertySpec spec = graph.spec(nodeIndex, path);
            raw = spec == null ? null : spec.defaultValue();
        }
        return raw == null ? null : defined(render(raw, path, itemIndex));
    }

    /**
     * An expression whose value is {@code undefined} renders to Jackson's missing node. Inside a rendered object it
     * stays missing, as n8n's resolved parameters keep the key with {@code undefined} (the filter tells it from
     * {@code null}: undefined compares as NaN, null as 0); a whole parameter, an array element and a value handed to
     * a node are {@code null}, as they were.
     */
    private static JsonNode defined(JsonNode value) {
        return value != null && value.isMissingNode() ? Json.F.nullNode() : value;
    }

    @Override
    public JsonNode rawParam(String path) {
        io.hetumind.core.spi.ParameterReads.record(node.type(), node.typeVersion(), node.parameters(), path);
        return ParamPaths.get(node.parameters(), path);
    }

    private JsonNode render(JsonNode value, String path, int itemIndex) {
        if (ExpressionEngine.isTemplate(value)) {
            return evaluate(value.textValue(), path, itemIndex);
        }
        if (value.isObject() && hasTemplate(value)) {
            ObjectNode copy = Json.object();
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                copy.set(e.getKey(), render(e.getValue(), path + "." + e.getKey(), itemIndex));
            }
            return copy;
        }
        if (value.isArray() && hasTemplate(value)) {
            ArrayNode copy = Json.array();
            for (int i = 0; i < value.size(); i++) {
                copy.add(defined(render(value.get(i), path + "." + i, itemIndex)));
            }
            return copy;
        }
        return value;
    }

    private static boolean hasTemplate(JsonNode value) {
        if (ExpressionEngine.isTemplate(value)) {
            return true;
        }
        for (JsonNode child : value) {
            if (child.isContainerNode() ? hasTemplate(child) : ExpressionEngine.isTemplate(child)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public JsonNode evaluate(String template, int itemIndex) {
        return template != null && template.startsWith("=")
                ? defined(evaluate(template, null, itemIndex))
                : Json.F.textNode(template);
    }

    @Override
    public JsonNode evaluate(String template, int itemIndex, Map<String, JsonNode> additionalKeys) {
        return template != null && template.startsWith("=")
                ? defined(evaluate(template, null, itemIndex, additionalKeys))
                : Json.F.textNode(template);
    }

    private JsonNode evaluate(String template, String path, int itemIndex) {
        return evaluate(template, path, itemIndex, Map.of());
    }

    private JsonNode evaluate(String template, String path, int itemIndex, Map<String, JsonNode> additionalKeys) {
        ExpressionEngine engine = services.expressions();
        String where = path == null ? "" : " in parameter '" + path + "'";
        if (engine == null) {
            throw NodeException.user("no expression engine is configured" + where, itemIndex);
        }
        try {
            return engine.evaluate(
                    engine.compile(template.substring(1)), new EngineScope(this, itemIndex, additionalKeys));
        } catch (PairedItemException e) {
            // n8n fails the node with its ExpressionError's own message
            throw new NodeException(
                    io.hetumind.core.spi.ErrorKind.USER,
                    e.getMessage(),
                    itemIndex,
                    (e.description() == null ? "" : e.description() + "; ") + "expression" + where + ": "
                            + template.substring(1),
                    e);
        } catch (ExpressionException e) {
            throw new NodeException(
                    io.hetumind.core.spi.ErrorKind.USER,
                    "expression error" + where + ": " + e.getMessage(),
                    itemIndex,
                    "expression: " + template.substring(1),
                    e);
        }
    }

    @Override
    public <T> List<io.hetumind.core.spi.Attached<T>> attached(String connectionType, int itemIndex, Class<T> want) {
        List<io.hetumind.core.spi.Attached<T>> out = new ArrayList<>();
        for (int sub : graph.subNodes(nodeIndex, connectionType)) {
            Node subNode = graph.node(sub);
            if (subNode.disabled()) {
                continue;
            }
            NodeType subType = graph.type(sub);
            if (!(subType instanceof io.hetumind.core.spi.SupplierNode supplier)
                    || !subType.descriptor().canSupply(connectionType)) {
                throw NodeException.user(
                        "'" + subNode.name() + "' cannot be attached as " + connectionType + " to '" + node.name()
                                + "'",
                        itemIndex);
            }
            if (depth > 16) {
                throw NodeException.user("sub-nodes attached more than 16 deep under '" + node.name() + "'", itemIndex);
            }
            NodeRunContext subCtx = new NodeRunContext(
                    services, state, graph, task, subNode, subType, inputs, null, control, runServices);
            subCtx.root = root == null ? this : root;
            subCtx.subCallEvents = subCallEvents;
            subCtx.parent = this;
            subCtx.depth = depth + 1;
            Object value;
            try {
                value = supplier.supply(subCtx, connectionType, itemIndex);
            } catch (NodeException e) {
                throw new NodeException(
                        e.kind(),
                        "sub-node '" + subNode.name() + "': " + e.getMessage(),
                        itemIndex,
                        e.description(),
                        e);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw NodeException.operational("sub-node '" + subNode.name() + "': " + e.getMessage(), e);
            }
            if (!want.isInstance(value)) {
                throw NodeException.user(
                        "'" + subNode.name() + "' does not supply what '" + node.name() + "' expects on "
                                + connectionType,
                        itemIndex);
            }
            out.add(new io.hetumind.core.spi.Attached<>(subNode.name(), want.cast(value), subCtx));
        }
        return out;
    }

    /** Who is told as each call of a sub-node under this run starts and ends (null: nobody). */
    void subCallEvents(java.util.function.Consumer<io.hetumind.core.engine.RunEvent> events) {
        this.subCallEvents = events;
    }

    @Override
    public io.hetumind.core.spi.SubNodeCall recordCall(String connectionType, List<Item> input) {
        if (root == null) {
            return io.hetumind.core.spi.SubNodeCall.NONE;
        }
        SubRunSlot slot = new SubRunSlot(
                node.name(),
                connectionType,
                input,
                new io.hetumind.core.engine.SourceRef(parent.node.name(), root.runIndex, 0),
                services.clock().millis());
        synchronized (root) {
            if (root.subRuns == null) {
                root.subRuns = new ArrayList<>();
            }
            root.subRuns.add(slot);
        }
        return slot;
    }

    /**
     * The calls of sub-nodes this (root) run made, in the order they started; a call never ended (the run broke off
     * while it was under way) is an error.
     */
    List<io.hetumind.core.engine.SubRun> subRuns() {
        List<SubRunSlot> slots;
        synchronized (this) {
            if (subRuns == null) {
                return List.of();
            }
            slots = List.copyOf(subRuns);
        }
        List<io.hetumind.core.engine.SubRun> out = new ArrayList<>(slots.size());
        for (SubRunSlot slot : slots) {
            out.add(slot.result(task));
        }
        return out;
    }

    /** One recorded call of a sub-node, open until it succeeds or fails. */
    private final class SubRunSlot implements io.hetumind.core.spi.SubNodeCall {
        private final String subNode;
        private final String connectionType;
        private final List<Item> input;
        private final io.hetumind.core.engine.SourceRef source;
        private final long startTime;
        private final long t0 = System.nanoTime();
        private final List<String> lines = new ArrayList<>();
        private io.hetumind.core.engine.NodeRun run;

        SubRunSlot(
                String subNode,
                String connectionType,
                List<Item> input,
                io.hetumind.core.engine.SourceRef source,
                long startTime) {
            this.subNode = subNode;
            this.connectionType = connectionType;
            this.input = input == null ? List.of() : List.copyOf(input);
            this.source = source;
            this.startTime = startTime;
            tell(io.hetumind.core.engine.RunEvent.Kind.SUB_NODE_STARTED, startTime, 0, null);
        }

        /** Tells the run's listeners of this call (n8n's nodeExecuteBefore / nodeExecuteAfter of the sub-node). */
        private void tell(
                io.hetumind.core.engine.RunEvent.Kind kind,
                long at,
                long executionTimeMs,
                io.hetumind.core.engine.ExecutionError error) {
            java.util.function.Consumer<io.hetumind.core.engine.RunEvent> events = subCallEvents;
            if (events == null) {
                return;
            }
            try {
                events.accept(event(kind, at, executionTimeMs, error));
            } catch (RuntimeException ignored) {
                // whoever listens can neither fail nor change the call (as ExecutionListener's contract says)
            }
        }

        private io.hetumind.core.engine.RunEvent event(
                io.hetumind.core.engine.RunEvent.Kind kind,
                long at,
                long executionTimeMs,
                io.hetumind.core.engine.ExecutionError error) {
            return new io.hetumind.core.engine.RunEvent(
                    kind,
                    state.executionId(),
                    state.workflowId(),
                    0,
                    at,
                    subNode,
                    -1,
                    task.tryNumber(),
                    List.of(),
                    startTime,
                    executionTimeMs,
                    error,
                    io.hetumind.core.engine.ExecutionStatus.RUNNING,
                    null,
                    -1,
                    null);
        }

        @Override
        public synchronized void log(String line) {
            if (run == null && lines.size() < 1000) {
                lines.add(line.length() > 10_000 ? line.substring(0, 10_000) + "…" : line);
            }
        }

        @Override
        public void succeeded(List<Item> output) {
            end(io.hetumind.core.engine.NodeRunStatus.SUCCESS, List.of(output == null ? List.of() : output), null);
        }

        @Override
        public void failed(Throwable error) {
            end(io.hetumind.core.engine.NodeRunStatus.ERROR, List.of(), NodeInvoker.toError(subNode, error));
        }

        private synchronized void end(
                io.hetumind.core.engine.NodeRunStatus status,
                List<List<Item>> outputs,
                io.hetumind.core.engine.ExecutionError error) {
            if (run != null) {
                return;
            }
            long took = (System.nanoTime() - t0) / 1_000_000;
            run = new io.hetumind.core.engine.NodeRun(
                    task.id(),
                    status,
                    startTime,
                    took,
                    outputs,
                    error,
                    List.of(List.of(source)),
                    lines,
                    task.tryNumber(),
                    null);
            tell(
                    io.hetumind.core.engine.RunEvent.Kind.SUB_NODE_FINISHED,
                    services.clock().millis(),
                    took,
                    error);
        }

        synchronized io.hetumind.core.engine.SubRun result(Task task) {
            if (run == null) {
                end(
                        io.hetumind.core.engine.NodeRunStatus.ERROR,
                        List.of(),
                        io.hetumind.core.engine.ExecutionError.of(
                                "the call did not finish before '" + source.node() + "' stopped",
                                subNode,
                                io.hetumind.core.spi.ErrorKind.OPERATIONAL));
            }
            return new io.hetumind.core.engine.SubRun(subNode, connectionType, input, run);
        }
    }

    @Override
    public synchronized ObjectNode nodeState() {
        if (nodeState == null) {
            nodeState = Json.object();
        }
        return nodeState;
    }

    /** The node's state as the run left it; null when it had none and never asked for one. */
    synchronized ObjectNode nodeStateIfAny() {
        return nodeState;
    }

    @Override
    public void log(String line) {
        if (root != null) {
            root.log("[" + node.name() + "] " + line);
            return;
        }
        if (console == null) {
            console = new ArrayList<>();
        }
        if (console.size() < 1000) {
            console.add(line.length() > 10_000 ? line.substring(0, 10_000) + "…" : line);
        }
    }

    /** The prepared graph of the workflow this node runs in. */
    WorkflowGraph graph() {
        return graph;
    }

    @Override
    public Instant now() {
        if (now == null) {
            now = services.clock().instant(); // fixed for the run, read only when asked
        }
        return now;
    }

    @Override
    public ZoneId zone() {
        return zone;
    }

    @Override
    public ZoneId processZone() {
        return services.clock().getZone();
    }

    @Override
    public boolean canceled() {
        return control.canceled() || Thread.currentThread().isInterrupted();
    }

    @Override
    public Optional<ObjectNode> credentials(String credentialType) {
        CredentialRef ref = node.credentials().get(credentialType);
        if (ref == null) {
            return Optional.empty();
        }
        // A run's own resolver (the studio's: scoped to the tenant that started it) wins over the engine's.
        CredentialResolver resolver =
                runServices.get(CredentialResolver.class) instanceof CredentialResolver r ? r : services.credentials();
        return resolver.resolve(ref, credentialType);
    }

    @Override
    public <T> Optional<T> service(Class<T> serviceType) {
        if (serviceType == io.hetumind.core.expr.CodeScopes.class) {
            return Optional.ofNullable(serviceType.cast(codeScopes()));
        }
        if (serviceType == io.hetumind.core.spi.NodeScopes.class) {
            return Optional.empty(); // what a node may see is not the node's to see
        }
        Object s = runServices.get(serviceType);
        if (s instanceof TaskScoped<?> scoped) {
            s = scoped.forTask(task);
        }
        if (s == null) {
            s = services.extras().get(serviceType);
        }
        T found = serviceType.cast(s);
        io.hetumind.core.spi.NodeScopes scopes = scopes();
        return Optional.ofNullable(scopes == null ? found : scopes.service(type, serviceType, found));
    }

    /** The host's narrowing of what node types see, or null (every node sees everything the host offers). */
    private io.hetumind.core.spi.NodeScopes scopes() {
        Object s = runServices.get(io.hetumind.core.spi.NodeScopes.class);
        if (s == null) {
            s = services.extras().get(io.hetumind.core.spi.NodeScopes.class);
        }
        return (io.hetumind.core.spi.NodeScopes) s;
    }

    /** The environment this node's expressions see as $env: the host's allow-list, narrowed by its scopes. */
    Map<String, String> env() {
        io.hetumind.core.spi.NodeScopes scopes = scopes();
        if (scopes == null || services.env().isEmpty()) {
            return services.env();
        }
        Map<String, String> out = new java.util.LinkedHashMap<>();
        services.env().forEach((k, v) -> {
            if (scopes.envVisible(type, k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private io.hetumind.core.expr.CodeScopes codeScopes() {
        ExpressionEngine engine = services.expressions();
        var sandbox = engine == null ? Optional.<io.hetumind.core.expr.CodeSandbox>empty() : engine.codeSandbox();
        if (sandbox.isEmpty()) {
            return null;
        }
        return new io.hetumind.core.expr.CodeScopes() {
            @Override
            public io.hetumind.core.expr.CodeSandbox sandbox() {
                return sandbox.get();
            }

            @Override
            public io.hetumind.core.expr.ExpressionScope scope(int itemIndex) {
                return new EngineScope(NodeRunContext.this, itemIndex, java.util.Map.of());
            }
        };
    }
}

package io.hetumind.core.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.engine.NodeRun;
import io.hetumind.core.engine.SourceRef;
import io.hetumind.core.engine.WorkflowGraph;
import io.hetumind.core.expr.ExpressionScope;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What an expression sees while a node runs: built per item over the live execution state. */
final class EngineScope implements ExpressionScope {

    private final NodeRunContext ctx;
    private final Item item;
    private final int itemIndex;

    private final Map<String, JsonNode> additionalKeys;

    EngineScope(NodeRunContext ctx, int itemIndex, Map<String, JsonNode> additionalKeys) {
        this.ctx = ctx;
        this.additionalKeys = Map.copyOf(additionalKeys);
        this.itemIndex = itemIndex;
        List<Item> items = ctx.input(0);
        this.item = itemIndex >= 0 && itemIndex < items.size() ? items.get(itemIndex) : Item.empty();
    }

    @Override
    public Map<String, JsonNode> additionalKeys() {
        return additionalKeys;
    }

    @Override
    public Item item() {
        return item;
    }

    @Override
    public int itemIndex() {
        return itemIndex;
    }

    @Override
    public List<Item> input(int index) {
        return ctx.input(index);
    }

    @Override
    public int runIndex() {
        return ctx.runIndex();
    }

    @Override
    public String nodeName() {
        return ctx.node().name();
    }

    @Override
    public Optional<NodeOutputView> node(String name) {
        Optional<Node> node = ctx.workflow().node(name);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        MachineState s = ctx.state();
        return Optional.of(new NodeOutputView() {
            @Override
            public List<Item> items(int outputIndex, int runIndex) {
                List<NodeRun> runs = s.runs(name);
                if (runs.isEmpty()) {
                    return List.of();
                }
                NodeRun run = runIndex >= 0 && runIndex < runs.size() ? runs.get(runIndex) : runs.getLast();
                return run.output(outputIndex);
            }

            @Override
            public int lastRunIndex() {
                return s.runs(name).size() - 1;
            }

            @Override
            public Item pairedItem(int itemIndex, String method) {
                List<SourceRef> sources = ctx.task().inputs().isEmpty()
                        ? List.of()
                        : ctx.task().inputs().getFirst();
                return PairedItems.find(s, sources, itemIndex, name, method);
            }

            @Override
            public boolean isParent() {
                WorkflowGraph graph = ctx.graph();
                int node = graph.indexOf(name);
                int self = graph.indexOf(ctx.node().name());
                // a sub-node is reached through its root, whose parents n8n checks instead
                return node < 0 || self < 0 || graph.isSubNode(self) || graph.isAncestor(node, self);
            }

            @Override
            public JsonNode parameters() {
                return node.get().parameters();
            }

            @Override
            public int connectedOutput() {
                WorkflowGraph graph = ctx.graph();
                int out = graph.connectionOutput(graph.indexOf(ctx.node().name()), graph.indexOf(name));
                return Math.max(out, 0);
            }

            @Override
            public JsonNode context() {
                return s.nodeState(name);
            }
        });
    }

    @Override
    public String executionId() {
        return ctx.executionId();
    }

    @Override
    public String workflowId() {
        return ctx.workflowId();
    }

    @Override
    public String workflowName() {
        return ctx.workflowName();
    }

    @Override
    public Map<String, String> vars() {
        return ctx.services().vars();
    }

    @Override
    public Map<String, String> env() {
        return ctx.env();
    }

    @Override
    public Instant now() {
        return ctx.now();
    }

    @Override
    public ZoneId zone() {
        return ctx.zone();
    }

    @Override
    public ZoneId processZone() {
        return ctx.processZone();
    }

    @Override
    public JsonNode parameters() {
        return ctx.node().parameters();
    }

    @Override
    public String executionMode() {
        String mode = ctx.state().mode();
        return "manual".equals(mode) || "cli".equals(mode) || "test".equals(mode) ? "test" : "production";
    }

    @Override
    public io.hetumind.core.spi.ExecutionCustomData customData() {
        return ctx.service(io.hetumind.core.spi.ExecutionCustomData.class).orElse(null);
    }

    @Override
    public String resumeUrl() {
        return ctx.service(ResumeUrl.class).map(ResumeUrl::url).orElse(null);
    }

    @Override
    public Optional<String> previousNodeName() {
        List<List<SourceRef>> inputs = ctx.task().inputs();
        if (inputs.isEmpty() || inputs.getFirst().isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(inputs.getFirst().getFirst().node());
    }
}

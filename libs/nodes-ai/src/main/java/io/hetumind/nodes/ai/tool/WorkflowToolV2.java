package io.hetumind.nodes.ai.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import io.hetumind.core.engine.SubWorkflowRunner;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Call n8n Workflow Tool v2–2.2 (n8n's {@code WorkflowToolService}): with a {@code workflowInputs}
 * schema the tool's arguments are the {@code $fromAI(…)} calls in the node's parameters, and a call
 * runs the child with one item, {@code {query: arguments}} with the mapped inputs over it; without
 * one, {@code {query: input}}. v2 answers the first output item's JSON, v2.1+ all items' JSON.
 */
final class WorkflowToolV2 implements AgentTool {

    private final NodeContext ctx;
    private final ToolSpecification spec;
    private final Map<String, FromAi.Call> arguments;
    private final boolean useSchema;
    private final boolean allItems;
    private final Workflow inline;
    private final String reference;
    private final SubWorkflowRunner runner;

    private WorkflowToolV2(
            NodeContext ctx,
            ToolSpecification spec,
            Map<String, FromAi.Call> arguments,
            boolean useSchema,
            Workflow inline,
            String reference,
            SubWorkflowRunner runner) {
        this.ctx = ctx;
        this.spec = spec;
        this.arguments = arguments;
        this.useSchema = useSchema;
        this.allItems = ctx.node().typeVersion() > 2;
        this.inline = inline;
        this.reference = reference;
        this.runner = runner;
    }

    static AgentTool of(NodeContext ctx, String name, String description, Workflow inline, String reference, int item) {
        SubWorkflowRunner runner = ctx.service(SubWorkflowRunner.class)
                .orElseThrow(() -> NodeException.user("this host cannot run sub-workflows", item));
        JsonNode mapper = ctx.rawParam("workflowInputs");
        boolean useSchema = mapper != null
                && mapper.path("schema").isArray()
                && !mapper.path("schema").isEmpty();
        Map<String, FromAi.Call> args = new LinkedHashMap<>();
        if (useSchema) {
            try {
                FromAi.collect(ctx.node().parameters(), args);
            } catch (IllegalArgumentException e) {
                throw NodeException.user("'" + ctx.node().name() + "': " + e.getMessage(), item);
            }
        }
        // no $fromAI: n8n falls back to a plain text tool (the mapped inputs still go to the child)
        ToolSpecification spec = !args.isEmpty()
                ? ToolSchemas.fromSchema(name, description, FromAi.schema(args.values()))
                : ToolSchemas.singleInput(name, description);
        return new WorkflowToolV2(ctx, spec, args, useSchema, inline, reference, runner);
    }

    @Override
    public ToolSpecification specification() {
        return spec;
    }

    @Override
    public String execute(String argumentsJson, int itemIndex) {
        FromAi.Bound bound = FromAi.bind(arguments.values(), argumentsJson);
        if (bound.error() != null) {
            return bound.error();
        }
        JsonNode args = bound.arguments();
        Map<String, JsonNode> values = bound.values();
        JsonNode query = arguments.isEmpty() && args != null && args.has("input") ? args.get("input") : args;
        ObjectNode input = Json.object().set("query", query);
        if (useSchema) {
            try {
                mapped(values, itemIndex).properties().forEach(e -> input.set(e.getKey(), e.getValue()));
            } catch (RuntimeException e) {
                return "There was an error: \"" + e.getMessage() + "\"";
            }
        }
        WorkflowToolNode.ChildOutput child =
                WorkflowToolNode.runChild(ctx, runner, spec.name(), inline, reference, input);
        if (child.error() != null) {
            return child.error();
        }
        List<Item> out = child.items();
        if (out.isEmpty()) {
            // n8n wraps its own error text once more
            return "There was an error: \"There was an error: \"The workflow did not return a response\"\"";
        }
        if (!allItems) {
            return JsJson.pretty(out.getFirst().json());
        }
        ArrayNode all = Json.array();
        out.forEach(i -> all.add(i.json()));
        return JsJson.pretty(all);
    }

    /** The mapped inputs: each value with the model's arguments in place of its {@code $fromAI} calls, rendered. */
    private ObjectNode mapped(Map<String, JsonNode> values, int itemIndex) {
        JsonNode mapper = ctx.rawParam("workflowInputs");
        Set<String> removed = new HashSet<>();
        mapper.path("schema").forEach(s -> {
            if (s.path("removed").asBoolean(false)) {
                removed.add(s.path("displayName").asText());
            }
        });
        ObjectNode out = Json.object();
        JsonNode raw = mapper.path("value");
        if (raw.isObject()) {
            for (var e : raw.properties()) {
                if (removed.contains(e.getKey())) {
                    continue;
                }
                JsonNode filled = FromAi.substitute(e.getValue(), values);
                JsonNode v = filled.isTextual() ? ctx.evaluate(filled.textValue(), itemIndex) : filled;
                if (v != null && !v.isMissingNode()) {
                    out.set(e.getKey(), v);
                }
            }
        }
        return out;
    }
}

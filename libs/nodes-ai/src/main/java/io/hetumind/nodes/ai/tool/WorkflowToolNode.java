package io.hetumind.nodes.ai.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import io.hetumind.core.engine.ChildWaitingException;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.SubWorkflowRunner;
import io.hetumind.core.engine.WorkflowInvalidException;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeEnvironment;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.SupplierNode;
import io.hetumind.nodes.ai.internal.AiParams;
import java.util.List;

/**
 * Call n8n Workflow Tool (n8n {@code toolWorkflow} 1–1.3, 2–2.2): a call runs another workflow (by
 * id, or given inline) as a child execution with one item. v1: {@code {query: input}}, or the
 * arguments object with an input schema, answering the {@code responsePropertyName} field of the
 * child's last output item; v2: see {@link WorkflowToolV2}.
 */
public final class WorkflowToolNode implements SupplierNode {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.toolWorkflow")
            .versions(1, 1.1, 1.2, 1.3, 2, 2.1, 2.2)
            .displayName("Call Workflow Tool")
            .description("Uses another workflow as a tool for an AI agent")
            .group(NodeGroup.AI)
            .icon("network-wired")
            .alias(AiParams.N8N + "toolWorkflow")
            .subNode(ConnectionTypes.AI_TOOL)
            .property(PropertySpec.string("name")
                    .displayName("Name")
                    .defaultValue("")
                    .placeholder("My_Color_Tool")
                    .description("The tool's name the model sees; empty: made from the node name")
                    .showWhen(PropertySpec.VERSION, 1, 1.1, 1.2, 1.3, 2, 2.1))
            .property(PropertySpec.string("description")
                    .displayName("Description")
                    .defaultValue("")
                    .required()
                    .rows(3))
            .property(PropertySpec.options("source")
                    .displayName("Source")
                    .defaultValue("database")
                    .option("database", "Database", "Load the workflow from the database by ID")
                    .option("parameter", "Define Below", "Pass the JSON code of a workflow"))
            .property(PropertySpec.string("workflowId")
                    .displayName("Workflow ID")
                    .defaultValue("")
                    .required()
                    .showWhen("source", "database")
                    .showWhen(PropertySpec.VERSION, 1, 1.1))
            .property(PropertySpec.resourceLocator("workflowId", "list", "id")
                    .displayName("Workflow")
                    .defaultValue(
                            Json.object().put("__rl", true).put("mode", "list").put("value", ""))
                    .required()
                    .showWhen("source", "database")
                    .showWhen(PropertySpec.VERSION, 1.2, 1.3, 2, 2.1, 2.2))
            .property(PropertySpec.collection("workflowInputs")
                    .displayName("Workflow Inputs")
                    .description("v2+: a value for each input the workflow's trigger declares; $fromAI(…) in a value"
                            + " makes it an argument the model fills")
                    .showWhen("source", "database")
                    .showWhen(PropertySpec.VERSION, 2, 2.1, 2.2)
                    .child(PropertySpec.options("mappingMode")
                            .displayName("Mapping Mode")
                            .option("defineBelow", "Define Below", "A value per input")
                            .defaultValue("defineBelow"))
                    .child(PropertySpec.json("value")
                            .displayName("Values")
                            .noDefault()
                            .description("An object: input name → value (expressions and $fromAI allowed)"))
                    .child(PropertySpec.json("matchingColumns")
                            .displayName("Matching Inputs")
                            .noDefault()
                            .description("n8n writes an empty list; not read"))
                    .child(PropertySpec.json("schema")
                            .displayName("Input Schema")
                            .noDefault()
                            .description("The inputs the designer last loaded; non-empty: the tool takes arguments"))
                    .child(PropertySpec.bool("attemptToConvertTypes").displayName("Attempt to Convert Types"))
                    .child(PropertySpec.bool("convertFieldsToString").displayName("Convert Fields to String")))
            .property(PropertySpec.json("workflowJson")
                    .displayName("Workflow JSON")
                    .defaultValue("\n\n\n")
                    .required()
                    .showWhen("source", "parameter"))
            .property(PropertySpec.string("responsePropertyName")
                    .displayName("Field to Return")
                    .defaultValue("response")
                    .required()
                    .description("The field of the workflow's last item that holds the answer")
                    .showWhen(PropertySpec.VERSION, 1, 1.1, 1.2, 1.3))
            .property(PropertySpec.bool("specifyInputSchema")
                    .displayName("Specify Input Schema")
                    .defaultValue(false)
                    .showWhen(PropertySpec.VERSION, 1.1, 1.2, 1.3))
            .property(PropertySpec.options("schemaType")
                    .displayName("Schema Type")
                    .defaultValue("fromJson")
                    .option("fromJson", "Generate From JSON Example")
                    .option("manual", "Define using JSON Schema")
                    .showWhen("specifyInputSchema", true))
            .property(PropertySpec.json("jsonSchemaExample")
                    .displayName("JSON Example")
                    .defaultValue("{\n\t\"some_input\": \"some_value\"\n}")
                    .showWhen("specifyInputSchema", true)
                    .showWhen("schemaType", "fromJson"))
            .property(PropertySpec.json("inputSchema")
                    .displayName("Input Schema")
                    .defaultValue(
                            "{\n\"type\": \"object\",\n\"properties\": {\n\t\"some_input\": {\n\t\t\"type\": \"string\""
                                    + ",\n\t\t\"description\": \"Some input to the function\"\n\t\t}\n\t}\n}")
                    .showWhen("specifyInputSchema", true)
                    .showWhen("schemaType", "manual"))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Object supply(NodeContext ctx, String connectionType, int item) {
        double version = ctx.node().typeVersion();
        String name = version > 2.1 ? "" : ctx.param("name", item, String.class, "");
        name = AgentTool.toolName(name == null || name.isBlank() ? ctx.node().name() : name);
        String description = ctx.param("description", item, String.class, "");
        if (description == null || description.isBlank()) {
            throw NodeException.user(
                    "'" + ctx.node().name() + "': the tool needs a description the model can read", item);
        }
        Workflow inline =
                "parameter".equals(ctx.param("source", item, String.class, "database")) ? inline(ctx, item) : null;
        String reference = inline == null ? AiParams.locator(ctx, "workflowId", item, "") : null;
        if (inline == null && reference.isBlank()) {
            throw NodeException.user("'" + ctx.node().name() + "': no workflow given", item);
        }
        if (version >= 2) {
            return WorkflowToolV2.of(ctx, name, description, inline, reference, item);
        }
        boolean withSchema =
                ctx.node().typeVersion() >= 1.1 && ctx.param("specifyInputSchema", item, Boolean.class, false);
        ToolSpecification spec = withSchema
                ? ToolSchemas.fromSchema(name, description, CodeToolNode.schema(ctx, item))
                : ToolSchemas.singleInput(name, description);
        String field = ctx.param("responsePropertyName", item, String.class, "response");
        SubWorkflowRunner runner = ctx.service(SubWorkflowRunner.class)
                .orElseThrow(() -> NodeException.user("this host cannot run sub-workflows", item));
        return new AgentTool() {
            @Override
            public ToolSpecification specification() {
                return spec;
            }

            @Override
            public String execute(String argumentsJson, int itemIndex) {
                ObjectNode input;
                try {
                    JsonNode args = Json.reader().readTree(argumentsJson);
                    input = withSchema && args.isObject()
                            ? (ObjectNode) args
                            : Json.object().set("query", args.has("input") ? args.get("input") : args);
                } catch (Exception e) {
                    return "There was an error: \"the tool arguments are not JSON\"";
                }
                ChildOutput child = runChild(ctx, runner, spec.name(), inline, reference, input);
                if (child.error() != null) {
                    return child.error();
                }
                List<Item> out = child.items();
                JsonNode answer = out.isEmpty() ? null : out.getFirst().json().get(field);
                if (answer == null || answer.isNull()) {
                    return "There was an error: \"the workflow's last item has no field '" + field + "'\"";
                }
                return answer.isTextual() ? answer.asText() : answer.toString();
            }
        };
    }

    /** A run of the tool's workflow: its last node's items, or the error text the model gets instead. */
    record ChildOutput(List<Item> items, String error) {}

    /** Runs the tool's workflow ({@code inline}, else by {@code reference}) with {@code input} as its one item. */
    static ChildOutput runChild(
            NodeEnvironment ctx,
            SubWorkflowRunner runner,
            String tool,
            Workflow inline,
            String reference,
            ObjectNode input) {
        ExecutionResult child;
        try {
            child = inline != null
                    ? runner.run(inline, List.of(Item.of(input)))
                    : runner.run(reference, List.of(Item.of(input)));
        } catch (ChildWaitingException waiting) {
            throw waiting; // the engine parks the agent until the child finishes
        } catch (WorkflowInvalidException e) {
            return new ChildOutput(
                    List.of(), "There was an error: \"the workflow is invalid: " + e.getMessage() + "\"");
        } catch (IllegalArgumentException | IllegalStateException e) {
            return new ChildOutput(List.of(), "There was an error: \"" + e.getMessage() + "\"");
        }
        ctx.log("tool " + tool + " ran workflow " + (inline != null ? "(inline)" : reference) + " → " + child.status());
        if (child.status() == ExecutionStatus.ERROR) {
            var error = child.state().error();
            return new ChildOutput(
                    List.of(),
                    "There was an error: \"" + (error == null ? "the workflow failed" : error.message()) + "\"");
        }
        return new ChildOutput(child.lastOutput(), null);
    }

    private static Workflow inline(NodeParameters ctx, int item) {
        JsonNode json = ctx.paramTree("workflowJson", item);
        String text = json == null ? "" : json.isTextual() ? json.textValue() : Json.write(json);
        if (text.isBlank()) {
            throw NodeException.user("'" + ctx.node().name() + "': parameter 'workflowJson' holds no workflow", item);
        }
        try {
            return WorkflowFormat.readJson(text);
        } catch (RuntimeException e) {
            throw NodeException.user("'" + ctx.node().name() + "': parameter 'workflowJson': " + e.getMessage(), item);
        }
    }
}

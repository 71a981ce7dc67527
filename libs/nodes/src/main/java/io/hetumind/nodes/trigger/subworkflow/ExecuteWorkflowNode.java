package io.hetumind.nodes.trigger.subworkflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.SubWorkflowRunner;
import io.hetumind.core.engine.WorkflowInvalidException;
import io.hetumind.core.format.N8nImport;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.format.WorkflowFormatException;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.OnError;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.nodes.http.HttpCall;
import java.util.ArrayList;
import java.util.List;

/**
 * Execute Workflow (n8n executeWorkflow v1–v1.3): runs another workflow as a child execution,
 * once with all items or once per item, and outputs the child's last node output. Continuing on
 * failure, a failed run becomes an {@code {error}} item, as n8n's node catches it: once with all items
 * (paired with them all) in every version; per item from 1.3, in item order on the one output (n8n before
 * 1.3 put item i's error on output i, which its own engine then fails on; Hetumind lets such a node fail).
 */
public final class ExecuteWorkflowNode implements NodeType {

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.executeWorkflow")
            .versions(1, 1.1, 1.2, 1.3)
            .displayName("Execute Workflow")
            .description("Runs another workflow and outputs what its last node returned")
            .group(NodeGroup.FLOW)
            .icon("sign-in-alt")
            .alias("n8n-nodes-base.executeWorkflow")
            .property(PropertySpec.options("source")
                    .displayName("Source")
                    .option("database", "Database", "Load the workflow by id")
                    .option("localFile", "Local File", "Load the workflow from a file path")
                    .option("parameter", "Parameter", "Workflow JSON given in a parameter")
                    .option("url", "URL", "Load the workflow from a URL")
                    .defaultValue("database"))
            .property(PropertySpec.resourceLocator("workflowId", "id")
                    .displayName("Workflow")
                    .description("The id of the workflow to run")
                    .showWhen("source", "database"))
            .property(PropertySpec.string("workflowPath")
                    .displayName("Workflow Path")
                    .placeholder("/data/workflow.json")
                    .showWhen("source", "localFile"))
            .property(PropertySpec.json("workflowJson")
                    .displayName("Workflow JSON")
                    .defaultValue("\n\n\n")
                    .showWhen("source", "parameter"))
            .property(PropertySpec.string("workflowUrl")
                    .displayName("Workflow URL")
                    .placeholder("https://example.com/workflow.json")
                    .required()
                    .description("The URL from which to load the workflow (fetched for each run, through the host's"
                            + " network policy)")
                    .showWhen("source", "url"))
            .property(PropertySpec.collection(WorkflowInputs.FIELDS)
                    .displayName("Workflow Inputs")
                    .description("v1.2: a value for each input the sub-workflow's trigger declares")
                    .showWhen("source", "database")
                    .showWhen(PropertySpec.VERSION, 1.2, 1.3)
                    .child(PropertySpec.options("mappingMode")
                            .displayName("Mapping Mode")
                            .option("defineBelow", "Define Below", "A value per input")
                            .defaultValue("defineBelow"))
                    .child(PropertySpec.json("value")
                            .displayName("Values")
                            .noDefault()
                            .description("An object: input name → value (expressions allowed)"))
                    .child(PropertySpec.json("matchingColumns")
                            .displayName("Matching Inputs")
                            .noDefault()
                            .description("n8n writes an empty list; not read"))
                    .child(PropertySpec.json("schema")
                            .displayName("Input Schema")
                            .noDefault()
                            .description("The inputs the designer last loaded: their types, and which are removed"))
                    .child(PropertySpec.bool("attemptToConvertTypes").displayName("Attempt to Convert Types"))
                    .child(PropertySpec.bool("convertFieldsToString").displayName("Convert Fields to String")))
            .property(PropertySpec.options("mode")
                    .displayName("Mode")
                    .option("once", "Run once with all items")
                    .option("each", "Run once for each item")
                    .defaultValue("once"))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .child(PropertySpec.bool("waitForSubWorkflow")
                            .displayName("Wait For Sub-Workflow Completion")
                            .defaultValue(true)))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        SubWorkflowRunner runner = ctx.service(SubWorkflowRunner.class)
                .orElseThrow(() -> NodeException.user("this host cannot run sub-workflows"));
        List<Item> items = inputs(ctx);
        boolean wait = ctx.param("options.waitForSubWorkflow", 0, Boolean.class, true);
        String mode = ctx.param("mode", 0, String.class, "once");
        if (!"once".equals(mode) && !"each".equals(mode)) {
            throw NodeException.user("parameter 'mode': unknown value '" + mode + "', expected 'once' or 'each'");
        }
        if ("once".equals(mode)) {
            try {
                Target target = target(ctx, 0);
                if (!wait) {
                    target.start(runner, items);
                    return NodeResult.of(items);
                }
                return NodeResult.of(result(target.run(runner, items), -1));
            } catch (NodeException e) {
                if (!ctx.continueOnFail()) {
                    throw e;
                }
                List<PairedItem> all = new ArrayList<>();
                for (int i = 0; i < items.size(); i++) {
                    all.add(PairedItem.of(i, 0));
                }
                return failure(ctx, List.of(), List.of(errorItem(e).withPairedItems(all)));
            }
        }
        boolean catchEach = ctx.node().typeVersion() >= 1.3 && ctx.continueOnFail();
        List<Item> out = new ArrayList<>();
        List<Item> errors = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            try {
                Target target = target(ctx, i);
                List<Item> one = List.of(items.get(i));
                if (!wait) {
                    target.start(runner, one);
                    out.add(items.get(i).withPairedItem(i));
                    continue;
                }
                for (Item item : result(target.run(runner, one), i)) {
                    out.add(item.withPairedItem(i));
                }
            } catch (NodeException e) {
                if (!catchEach) {
                    throw e;
                }
                Item error = errorItem(e).withPairedItem(i);
                (ctx.onError() == OnError.ERROR_OUTPUT ? errors : out).add(error);
            }
        }
        return failure(ctx, out, errors);
    }

    /**
     * The output with error items: on the regular output they stay where n8n's node put them (in item order); for the
     * error output the engine moves them there, with the paired input's fields, as n8n's handleNodeErrorOutput.
     */
    private static NodeResult failure(NodeContext ctx, List<Item> out, List<Item> errors) {
        if (ctx.onError() == OnError.ERROR_OUTPUT) {
            return new NodeResult.Output(List.of(out), errors);
        }
        List<Item> all = new ArrayList<>(out);
        all.addAll(errors);
        return NodeResult.of(all);
    }

    private static Item errorItem(NodeException e) {
        return Item.of(Json.object().put("error", e.getMessage()));
    }

    /** The items to send: v1.2 from a database workflow maps them through {@code workflowInputs}. */
    private static List<Item> inputs(NodeContext ctx) {
        List<Item> items = ctx.items();
        if (ctx.node().typeVersion() < 1.2 || !"database".equals(ctx.param("source", 0, String.class, "database"))) {
            return items;
        }
        JsonNode mapper = ctx.rawParam(WorkflowInputs.FIELDS);
        return mapper == null || !mapper.isObject() ? items : WorkflowInputs.map(ctx, items, mapper);
    }

    /** The child's last output; a failed child fails this node with the child's error. */
    private static List<Item> result(ExecutionResult child, int itemIndex) {
        if (child.status() == ExecutionStatus.ERROR) {
            var error = child.state().error();
            String message = error == null ? "the sub-workflow failed" : error.message();
            throw NodeException.user(message, itemIndex);
        }
        return child.lastOutput();
    }

    private static Target target(NodeContext ctx, int i) {
        String source = ctx.param("source", i, String.class, "database");
        return switch (source) {
            case "database" -> new Target(reference(ctx, "workflowId", i), null);
            case "localFile" -> new Target(reference(ctx, "workflowPath", i), null);
            case "parameter" -> new Target(null, inline(ctx, i));
            case "url" -> new Target(null, fetched(ctx, i));
            default ->
                throw NodeException.user(
                        "parameter 'source': unsupported source '" + source
                                + "', expected database, localFile, parameter or url",
                        i);
        };
    }

    private static String reference(NodeParameters ctx, String param, int i) {
        JsonNode value = ctx.paramTree(param, i);
        if (value != null && value.isObject()) {
            value = value.get("value");
        }
        String ref = value == null || value.isNull() ? "" : value.asText().trim();
        if (ref.isEmpty()) {
            throw NodeException.user("parameter '" + param + "': no workflow given", i);
        }
        return ref;
    }

    private static Workflow inline(NodeParameters ctx, int i) {
        JsonNode json = ctx.paramTree("workflowJson", i);
        String text = json == null ? "" : json.isTextual() ? json.textValue() : Json.write(json);
        if (text.isBlank()) {
            throw NodeException.user("parameter 'workflowJson': no workflow JSON given", i);
        }
        try {
            // n8n runs an inline workflow with the settings it carries: one naming no execution order runs in
            // n8n's legacy v0 order (its engine takes anything but "v1" as legacy), as an imported export does
            return N8nImport.keepLegacyOrder(WorkflowFormat.parseTree(text, false), WorkflowFormat.readJson(text));
        } catch (WorkflowFormatException | IllegalArgumentException e) {
            throw NodeException.user("parameter 'workflowJson': " + e.getMessage(), i);
        }
    }

    /**
     * n8n's "URL" source: the workflow as a GET of {@code workflowUrl} answers it (JSON, or YAML as our files may be),
     * through the HTTP Request node's transport, so the host's network policy is checked on every hop.
     */
    private static Workflow fetched(NodeContext ctx, int i) {
        String url = ctx.param("workflowUrl", i, String.class, "").trim();
        if (url.isEmpty()) {
            throw NodeException.user("parameter 'workflowUrl': no URL given", i);
        }
        HttpCall.Reply reply;
        try {
            reply = HttpCall.of(ctx, i, "Execute Workflow", "GET", url)
                    .header("Accept", "application/json,text/*;q=0.99")
                    .send();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw NodeException.operational("interrupted while loading the workflow from " + url, e);
        }
        if (reply.status() < 200 || reply.status() >= 300) {
            throw NodeException.user(
                    "parameter 'workflowUrl': loading the workflow failed: " + url + " answered " + reply.status(), i);
        }
        String text = reply.text();
        try {
            return N8nImport.keepLegacyOrder(WorkflowFormat.parseTree(text, false), WorkflowFormat.readJson(text));
        } catch (WorkflowFormatException | IllegalArgumentException e) {
            throw NodeException.user(
                    "parameter 'workflowUrl': " + url + " does not answer a workflow: " + e.getMessage(), i);
        }
    }

    /** A workflow by reference or inline. */
    private record Target(String reference, Workflow workflow) {
        ExecutionResult run(SubWorkflowRunner runner, List<Item> input) {
            try {
                return workflow != null ? runner.run(workflow, input) : runner.run(reference, input);
            } catch (WorkflowInvalidException e) {
                throw NodeException.user("the sub-workflow is invalid: " + e.getMessage());
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw NodeException.user(e.getMessage());
            }
        }

        /** Starts the workflow without waiting: a host that records it as an execution of its own does so now. */
        void start(SubWorkflowRunner runner, List<Item> input) {
            try {
                if (workflow != null) {
                    runner.start(workflow, input);
                } else {
                    runner.start(reference, input);
                }
            } catch (WorkflowInvalidException e) {
                throw NodeException.user("the sub-workflow is invalid: " + e.getMessage());
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw NodeException.user(e.getMessage());
            }
        }
    }
}

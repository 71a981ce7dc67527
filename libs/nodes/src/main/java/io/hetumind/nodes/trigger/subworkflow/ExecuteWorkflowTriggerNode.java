package io.hetumind.nodes.trigger.subworkflow;

import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.trigger.TriggerKind;
import io.hetumind.core.spi.trigger.TriggerSource;
import io.hetumind.core.spi.trigger.TriggerSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Execute Workflow Trigger (n8n executeWorkflowTrigger v1/v1.1): emits the items the parent passed —
 * all of them (v1, or v1.1 "accept all data"), or, with typed inputs (v1.1 fields or a JSON example),
 * only the declared fields, {@code null} where the parent sent none.
 */
public final class ExecuteWorkflowTriggerNode implements NodeType, TriggerSource {

    private static final String JSON_EXAMPLE_DEFAULT =
            """
            {
              "aField": "a string",
              "aNumber": 123,
              "thisFieldAcceptsAnyType": null,
              "anArray": []
            }""";

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.executeWorkflowTrigger")
            .versions(1, 1.1)
            .displayName("Execute Workflow Trigger")
            .description("Starts this workflow when another workflow runs it with Execute Workflow")
            .group(NodeGroup.TRIGGER)
            .icon("sign-out-alt")
            .trigger(TriggerSpec.of(TriggerKind.SUB_WORKFLOW, "Runs when another workflow calls this one"))
            .alias("n8n-nodes-base.executeWorkflowTrigger")
            .property(PropertySpec.options("inputSource")
                    .displayName("Input data mode")
                    .option(WorkflowInputs.FIELDS, "Define using fields below", "Provide input fields via UI")
                    .option(
                            WorkflowInputs.JSON_EXAMPLE,
                            "Define using JSON example",
                            "Generate a schema from an example JSON object")
                    .option(
                            WorkflowInputs.PASSTHROUGH,
                            "Accept all data",
                            "Use all incoming data from the parent workflow")
                    .defaultValue(WorkflowInputs.FIELDS)
                    .showWhen(PropertySpec.VERSION, 1.1))
            .property(PropertySpec.json(WorkflowInputs.JSON_EXAMPLE)
                    .displayName("JSON Example")
                    .description("An example object: its fields and their types become the inputs (null: any type)")
                    .defaultValue(JSON_EXAMPLE_DEFAULT)
                    .showWhen(PropertySpec.VERSION, 1.1)
                    .showWhen("inputSource", WorkflowInputs.JSON_EXAMPLE))
            .property(PropertySpec.fixedCollection(WorkflowInputs.FIELDS)
                    .displayName("Workflow Input Schema")
                    .description("The input fields this workflow expects")
                    .multipleValues()
                    .addButtonText("Add field")
                    .showWhen(PropertySpec.VERSION, 1.1)
                    .showWhen("inputSource", WorkflowInputs.FIELDS)
                    .child(PropertySpec.collection("values")
                            .displayName("Values")
                            .child(PropertySpec.string("name")
                                    .displayName("Name")
                                    .placeholder("e.g. fieldName")
                                    .description(
                                            "A unique name for this input, used by the workflows that call this one")
                                    .required())
                            .child(PropertySpec.options("type")
                                    .displayName("Type")
                                    .description("The type of this input's value")
                                    .option("any", "Allow Any Type")
                                    .option("string", "String")
                                    .option("number", "Number")
                                    .option("boolean", "Boolean")
                                    .option("array", "Array")
                                    .option("object", "Object")
                                    .defaultValue("string"))))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public TriggerKind triggerKind() {
        return TriggerKind.SUB_WORKFLOW;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        List<Item> items = ctx.items().isEmpty() ? List.of(Item.empty()) : ctx.items();
        if (ctx.node().typeVersion() < 1.1) {
            return NodeResult.of(items);
        }
        List<WorkflowInputs.Field> fields = WorkflowInputs.declared(ctx);
        if (fields == null) {
            return NodeResult.of(items);
        }
        List<Item> out = new ArrayList<>(items.size());
        for (Item item : items) {
            out.add(new Item(WorkflowInputs.pick(item.json(), fields), item.binary(), null));
        }
        return NodeResult.of(out);
    }

    @Override
    public boolean replaySafe(Node node) {
        return true;
    }
}

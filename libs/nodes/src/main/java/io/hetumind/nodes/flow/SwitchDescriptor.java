package io.hetumind.nodes.flow;

import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.PortSpec;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.nodes.internal.Descriptors;

/** The Switch descriptor: v3 rule filters, v1/v2 typed value rules, and expression mode. */
final class SwitchDescriptor {

    private SwitchDescriptor() {}

    static NodeDescriptor build() {
        return NodeDescriptor.builder("hetumind.switch")
                .versions(1, 2, 3, 3.1, 3.2)
                .displayName("Switch")
                .description("Routes items to different outputs by rules or an expression")
                .group(NodeGroup.FLOW)
                .icon("map-signs")
                .alias("n8n-nodes-base.switch")
                .outputs(PortSpec.of("0", "0"), PortSpec.of("1", "1"), PortSpec.of("2", "2"), PortSpec.of("3", "3"))
                .property(PropertySpec.options("mode")
                        .displayName("Mode")
                        .option("rules", "Rules", "Build a matching rule for each output")
                        .option("expression", "Expression", "Write an expression to return the output index")
                        .defaultValue("rules"))
                .property(PropertySpec.number("numberOutputs")
                        .displayName("Number of Outputs (v3)")
                        .defaultValue(4)
                        .showWhen("mode", "expression"))
                .property(PropertySpec.number("outputsAmount")
                        .displayName("Outputs Amount (v2)")
                        .defaultValue(4)
                        .showWhen("mode", "expression"))
                .property(PropertySpec.number("output")
                        .displayName("Output Index")
                        .description("The output index to send the input item to, usually an expression")
                        .showWhen("mode", "expression"))
                .property(PropertySpec.fixedCollection("rules")
                        .displayName("Routing Rules")
                        .description("v3: {values: [{conditions (filter), renameOutput, outputKey}]};"
                                + " v1/v2: {rules: [{operation, value2, output}]}")
                        .multipleValues()
                        .showWhen("mode", "rules"))
                .property(PropertySpec.options("dataType")
                        .displayName("Data Type (v1/v2)")
                        .option("boolean", "Boolean")
                        .option("dateTime", "Date & Time")
                        .option("number", "Number")
                        .option("string", "String")
                        .defaultValue("number")
                        .showWhen("mode", "rules"))
                .property(PropertySpec.string("value1")
                        .displayName("Value 1 (v1/v2)")
                        .description("The value to compare with each rule's value 2")
                        .showWhen("mode", "rules"))
                .property(PropertySpec.number("fallbackOutput")
                        .displayName("Fallback Output (v1/v2)")
                        .defaultValue(-1)
                        .description("Output for items no rule matched; -1 drops them")
                        .showWhen("mode", "rules"))
                .property(Descriptors.looseTypeValidation())
                .property(PropertySpec.collection("options")
                        .displayName("Options")
                        .child(PropertySpec.string("fallbackOutput")
                                .displayName("Fallback Output")
                                .defaultValue("none")
                                .description("'none', 'extra' (an extra output) or an output index"))
                        .child(PropertySpec.bool("ignoreCase").displayName("Ignore Case"))
                        .child(PropertySpec.bool("allMatchingOutputs").displayName("Send data to all matching outputs"))
                        .child(PropertySpec.string("renameFallbackOutput").displayName("Rename Fallback Output"))
                        .child(PropertySpec.bool("looseTypeValidation").displayName("Less Strict Type Validation")))
                .build();
    }
}

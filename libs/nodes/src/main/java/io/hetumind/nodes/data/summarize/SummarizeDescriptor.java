package io.hetumind.nodes.data.summarize;

import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.PropertySpec;

/** The Summarize node's descriptor: n8n's parameter names and shapes for versions 1 and 1.1. */
final class SummarizeDescriptor {

    private SummarizeDescriptor() {}

    static NodeDescriptor build() {
        var row = Json.object().put("aggregation", "count").put("field", "");
        var defaults = Json.object();
        defaults.putArray("values").add(row);
        return NodeDescriptor.builder("hetumind.summarize")
                .versions(1, 1.1)
                .displayName("Summarize")
                .description("Sum, count, max, etc. across items")
                .group(NodeGroup.DATA)
                .icon("sigma")
                .alias("n8n-nodes-base.summarize")
                .property(PropertySpec.fixedCollection("fieldsToSummarize")
                        .displayName("Fields to Summarize")
                        .placeholder("Add Field")
                        .multipleValues()
                        .defaultValue(defaults)
                        .child(PropertySpec.collection("values")
                                .displayName("")
                                .child(PropertySpec.options("aggregation")
                                        .displayName("Aggregation")
                                        .option("append", "Append")
                                        .option("average", "Average")
                                        .option("concatenate", "Concatenate")
                                        .option("count", "Count")
                                        .option("countUnique", "Count Unique")
                                        .option("max", "Max")
                                        .option("min", "Min")
                                        .option("sum", "Sum")
                                        .defaultValue("count"))
                                .child(PropertySpec.string("field").displayName("Field"))
                                .child(PropertySpec.bool("includeEmpty")
                                        .displayName("Include Empty Values")
                                        .showWhen("aggregation", "append", "concatenate", "count", "countUnique"))
                                .child(PropertySpec.options("separateBy")
                                        .displayName("Separator")
                                        .option(",", "Comma")
                                        .option(", ", "Comma and Space")
                                        .option("\n", "New Line")
                                        .option("", "None")
                                        .option(" ", "Space")
                                        .option("other", "Other")
                                        .defaultValue(",")
                                        .showWhen("aggregation", "concatenate"))
                                .child(PropertySpec.string("customSeparator")
                                        .displayName("Custom Separator")
                                        .showWhen("aggregation", "concatenate")
                                        .showWhen("separateBy", "other"))))
                .property(PropertySpec.string("fieldsToSplitBy")
                        .displayName("Fields to Split By")
                        .placeholder("e.g. country, city")
                        .description("The name of the input fields that you want to split the summary by"))
                .property(PropertySpec.collection("options")
                        .displayName("Options")
                        .placeholder("Add option")
                        .child(PropertySpec.bool("continueIfFieldNotFound")
                                .displayName("Continue if Field Not Found")
                                .showWhen(PropertySpec.VERSION, 1))
                        .child(PropertySpec.bool("disableDotNotation").displayName("Disable Dot Notation"))
                        .child(PropertySpec.options("outputFormat")
                                .displayName("Output Format")
                                .option("separateItems", "Each Split in a Separate Item")
                                .option("singleItem", "All Splits in a Single Item")
                                .defaultValue("separateItems"))
                        .child(PropertySpec.bool("skipEmptySplitFields")
                                .displayName("Ignore items without valid fields")))
                .build();
    }
}

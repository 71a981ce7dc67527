package io.hetumind.nodes.data.compare;

import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.PortSpec;
import io.hetumind.core.spi.PropertySpec;

/** The Compare Datasets descriptor: n8n's parameters for versions 1 to 2.3, two inputs, four outputs. */
final class CompareDescriptor {

    private CompareDescriptor() {}

    private static PropertySpec.Builder resolve(String defaultValue) {
        return PropertySpec.options("resolve")
                .displayName("When There Are Differences")
                .option("preferInput1", "Use Input A Version")
                .option("preferInput2", "Use Input B Version")
                .option("mix", "Use a Mix of Versions")
                .option("includeBoth", "Include Both Versions", "Output contains all data")
                .defaultValue(defaultValue);
    }

    static NodeDescriptor build() {
        var pairs = Json.object();
        pairs.putArray("values").addObject().put("field1", "").put("field2", "");
        return NodeDescriptor.builder("hetumind.compareDatasets")
                .versions(1, 2, 2.1, 2.2, 2.3)
                .displayName("Compare Datasets")
                .description("Compare two inputs for changes")
                .group(NodeGroup.DATA)
                .icon("code-compare")
                .alias("n8n-nodes-base.compareDatasets")
                .inputs(PortSpec.of("inputA", "Input A"), PortSpec.of("inputB", "Input B"))
                .outputs(
                        PortSpec.of("inAOnly", "In A only"),
                        PortSpec.of("same", "Same"),
                        PortSpec.of("different", "Different"),
                        PortSpec.of("inBOnly", "In B only"))
                .property(PropertySpec.fixedCollection("mergeByFields")
                        .displayName("Fields to Match")
                        .placeholder("Add Fields to Match")
                        .multipleValues()
                        .defaultValue(pairs)
                        .child(PropertySpec.collection("values")
                                .displayName("Values")
                                .child(PropertySpec.string("field1")
                                        .displayName("Input A Field")
                                        .placeholder("e.g. id"))
                                .child(PropertySpec.string("field2")
                                        .displayName("Input B Field")
                                        .placeholder("e.g. id"))))
                // n8n 2.8: versions 1 and 2 prefer input B when left at the default, later ones include both
                .property(resolve("preferInput2").showWhen(PropertySpec.VERSION, 1, 2))
                .property(resolve("includeBoth").hideWhen(PropertySpec.VERSION, 1, 2))
                .property(PropertySpec.bool("fuzzyCompare")
                        .displayName("Fuzzy Compare")
                        .description("Whether to tolerate small type differences when comparing fields, e.g."
                                + " 3 and \"3\", or null and an empty array")
                        .showWhen(PropertySpec.VERSION, 2, 2.1, 2.2, 2.3))
                .property(PropertySpec.options("preferWhenMix")
                        .displayName("Prefer")
                        .option("input1", "Input A Version")
                        .option("input2", "Input B Version")
                        .defaultValue("input1")
                        .showWhen("resolve", "mix"))
                .property(PropertySpec.string("exceptWhenMix")
                        .displayName("For Everything Except")
                        .placeholder("e.g. id, country")
                        .showWhen("resolve", "mix"))
                .property(PropertySpec.collection("options")
                        .displayName("Options")
                        .placeholder("Add option")
                        .child(PropertySpec.bool("fuzzyCompare")
                                .displayName("Fuzzy Compare")
                                .showWhen(PropertySpec.VERSION, 1))
                        .child(PropertySpec.string("skipFields")
                                .displayName("Fields to Skip Comparing")
                                .placeholder("e.g. updated_at, updated_by"))
                        .child(PropertySpec.bool("disableDotNotation").displayName("Disable Dot Notation"))
                        .child(PropertySpec.options("multipleMatches")
                                .displayName("Multiple Matches")
                                .option("first", "Include First Match Only")
                                .option("all", "Include All Matches")
                                .defaultValue("first")))
                .build();
    }
}

package io.hetumind.nodes.flow.merge;

import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.PortRule;
import io.hetumind.core.spi.PortSpec;
import io.hetumind.core.spi.PropertySpec;
import java.util.List;
import java.util.Map;

/** The Merge descriptor (n8n v2/v2.1 and v3/v3.1 parameter names). */
final class MergeDescriptor {

    private MergeDescriptor() {}

    static NodeDescriptor build() {
        return NodeDescriptor.builder("hetumind.merge")
                .versions(2, 2.1, 3, 3.1, 3.2)
                .displayName("Merge")
                .description("Merges data of multiple streams once data from all of them is available")
                .group(NodeGroup.FLOW)
                .icon("code-merge")
                .alias("n8n-nodes-base.merge")
                .inputs(PortSpec.of("input1", "Input 1"), PortSpec.of("input2", "Input 2"))
                // v3 has numberInputs (2–10) inputs; v2 always two
                .inputRule(new PortRule.When(
                        List.of(new PortRule.When.Case(
                                Map.of(PropertySpec.VERSION, List.of(Json.toNode(2), Json.toNode(2.1))),
                                PortRule.fixed(PortSpec.of("input1", "Input 1"), PortSpec.of("input2", "Input 2")))),
                        new PortRule.Count("numberInputs", 2, 2, 10, "input{i}", "Input {i}", 1)))
                .property(PropertySpec.options("mode")
                        .displayName("Mode")
                        .option("append", "Append", "Output items of each input, one after the other")
                        .option("combine", "Combine", "Merge matching items together")
                        .option("chooseBranch", "Choose Branch", "Output data from a specific branch")
                        .defaultValue("append"))
                .property(PropertySpec.number("numberInputs")
                        .displayName("Number of Inputs")
                        .defaultValue(2)
                        .description("How many inputs the node has")
                        .minValue(2)
                        .maxValue(10)
                        .showWhen(PropertySpec.VERSION, 3, 3.1, 3.2))
                .property(PropertySpec.options("combineBy")
                        .displayName("Combine By (v3)")
                        .option("combineByFields", "Matching Fields")
                        .option("combineByPosition", "Position")
                        .option("combineAll", "All Possible Combinations")
                        .defaultValue("combineByFields")
                        .showWhen("mode", "combine")
                        .showWhen(PropertySpec.VERSION, 3, 3.1, 3.2))
                .property(PropertySpec.options("combinationMode")
                        .displayName("Combination Mode (v2)")
                        .option("mergeByFields", "Merge By Fields")
                        .option("mergeByPosition", "Merge By Position")
                        .option("multiplex", "Multiplex")
                        .defaultValue("mergeByFields")
                        .showWhen("mode", "combine")
                        .showWhen(PropertySpec.VERSION, 2, 2.1))
                .property(PropertySpec.string("fieldsToMatchString")
                        .displayName("Fields To Match Have Same Names")
                        .placeholder("e.g. id, name")
                        .description("Comma-separated field names present in both inputs")
                        .showWhen("combineBy", "combineByFields")
                        .hideWhen("advanced", true)
                        .showWhen(PropertySpec.VERSION, 3, 3.1, 3.2))
                .property(PropertySpec.bool("advanced")
                        .displayName("Fields To Match Have Different Names")
                        .showWhen("combineBy", "combineByFields")
                        .showWhen(PropertySpec.VERSION, 3, 3.1, 3.2))
                .property(mergeByFields()
                        .showWhen("combinationMode", "mergeByFields")
                        .showWhen(PropertySpec.VERSION, 2, 2.1))
                .property(mergeByFields()
                        .showWhen("advanced", true)
                        .showWhen("combineBy", "combineByFields")
                        .showWhen(PropertySpec.VERSION, 3, 3.1, 3.2))
                .property(PropertySpec.options("joinMode")
                        .displayName("Output Type")
                        .option("keepMatches", "Keep Matches", "Items that match, merged together (inner join)")
                        .option("keepNonMatches", "Keep Non-Matches", "Items that don't match")
                        .option("keepEverything", "Keep Everything", "Matches merged plus non-matches (outer join)")
                        .option("enrichInput1", "Enrich Input 1", "All of input 1, with matches from 2 (left join)")
                        .option("enrichInput2", "Enrich Input 2", "All of input 2, with matches from 1 (right join)")
                        .defaultValue("keepMatches")
                        .showWhen("mode", "combine"))
                .property(PropertySpec.options("outputDataFrom")
                        .displayName("Output Data From")
                        .option("both", "Both Inputs Merged Together")
                        .option("input1", "Input 1")
                        .option("input2", "Input 2")
                        .defaultValue("both")
                        .showWhen("joinMode", "keepMatches", "keepNonMatches"))
                .property(PropertySpec.options("chooseBranchMode")
                        .displayName("Choose Branch Mode")
                        .option("waitForBoth", "Wait for Both Inputs to Arrive")
                        .option("waitForAll", "Wait for All Inputs to Arrive")
                        .defaultValue("waitForBoth")
                        .showWhen("mode", "chooseBranch"))
                // the engine takes a missing value's default from the first copy; the node defaults v3 itself
                .property(PropertySpec.options("output")
                        .displayName("Output Type")
                        .option("input1", "Input 1 Data")
                        .option("input2", "Input 2 Data")
                        .option("empty", "A Single, Empty Item")
                        .defaultValue("input1")
                        .showWhen("mode", "chooseBranch")
                        .showWhen(PropertySpec.VERSION, 2, 2.1))
                .property(PropertySpec.options("output")
                        .displayName("Output Type")
                        .option("specifiedInput", "Data of Specified Input")
                        .option("input1", "Input 1 Data")
                        .option("input2", "Input 2 Data")
                        .option("empty", "A Single, Empty Item")
                        .defaultValue("specifiedInput")
                        .showWhen("mode", "chooseBranch")
                        .showWhen(PropertySpec.VERSION, 3, 3.1, 3.2))
                .property(PropertySpec.number("useDataOfInput")
                        .displayName("Use Data of Input")
                        .defaultValue(1)
                        .minValue(1)
                        .showWhen("output", "specifiedInput")
                        .showWhen(PropertySpec.VERSION, 3, 3.1, 3.2))
                .property(MergeOptions.spec())
                .build();
    }

    private static PropertySpec.Builder mergeByFields() {
        return PropertySpec.fixedCollection("mergeByFields")
                .displayName("Fields to Match")
                .multipleValues()
                .addButtonText("Add Fields to Match")
                .child(PropertySpec.collection("values")
                        .displayName("Values")
                        .child(PropertySpec.string("field1")
                                .displayName("Input 1 Field")
                                .placeholder("e.g. id"))
                        .child(PropertySpec.string("field2")
                                .displayName("Input 2 Field")
                                .placeholder("e.g. id")));
    }
}

package io.hetumind.nodes.flow;

import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.PortRule;
import io.hetumind.core.spi.PortSpec;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.nodes.internal.Descriptors;
import java.util.List;
import java.util.Map;

/** The Switch descriptor: v3 rule filters, v1/v2 typed value rules, and expression mode. */
final class SwitchDescriptor {

    private static final Object[] V12 = {1, 2};
    private static final Object[] V3 = {3, 3.1, 3.2, 3.3, 3.4};

    private SwitchDescriptor() {}

    /** Switch v3's routing rules, each a filter whose new conditions carry {@code filterVersion}. */
    private static PropertySpec.Builder rulesV3(int filterVersion) {
        return PropertySpec.fixedCollection("rules")
                .displayName("Routing Rules")
                .multipleValues()
                .addButtonText("Add Routing Rule")
                .showWhen("mode", "rules")
                .child(PropertySpec.collection("values")
                        .displayName("Values")
                        .child(Descriptors.filter("conditions", filterVersion))
                        .child(PropertySpec.bool("renameOutput").displayName("Rename Output"))
                        .child(PropertySpec.string("outputKey")
                                .displayName("Output Name")
                                .description("The label of output to which to send data to if rule matches")
                                .showWhen("renameOutput", true)));
    }

    static NodeDescriptor build() {
        return NodeDescriptor.builder("hetumind.switch")
                .versions(1, 2, 3, 3.1, 3.2, 3.3, 3.4)
                .displayName("Switch")
                .description("Routes items to different outputs by rules or an expression")
                .group(NodeGroup.FLOW)
                .icon("map-signs")
                .alias("n8n-nodes-base.switch")
                .outputs(PortSpec.of("0", "0"), PortSpec.of("1", "1"), PortSpec.of("2", "2"), PortSpec.of("3", "3"))
                .outputRule(outputRule())
                .property(PropertySpec.options("mode")
                        .displayName("Mode")
                        .option("rules", "Rules", "Build a matching rule for each output")
                        .option("expression", "Expression", "Write an expression to return the output index")
                        .defaultValue("rules"))
                .property(PropertySpec.number("numberOutputs")
                        .displayName("Number of Outputs")
                        .defaultValue(4)
                        .minValue(1)
                        .maxValue(64)
                        .showWhen("mode", "expression")
                        .showWhen(PropertySpec.VERSION, V3))
                .property(PropertySpec.number("outputsAmount")
                        .displayName("Outputs Amount")
                        .defaultValue(4)
                        .minValue(1)
                        .maxValue(64)
                        .showWhen("mode", "expression")
                        .showWhen(PropertySpec.VERSION, 2))
                .property(PropertySpec.number("output")
                        .displayName("Output Index")
                        .description("The output index to send the input item to, usually an expression")
                        .showWhen("mode", "expression"))
                // the editor writes filter version 1 up to 3.1, 2 in 3.2 and 3.3, 3 from 3.4 into each new rule
                .property(rulesV3(1).showWhen(PropertySpec.VERSION, 3, 3.1))
                .property(rulesV3(2).showWhen(PropertySpec.VERSION, 3.2, 3.3))
                .property(rulesV3(3).showWhen(PropertySpec.VERSION, 3.4))
                .property(PropertySpec.fixedCollection("rules")
                        .displayName("Routing Rules")
                        .multipleValues()
                        .addButtonText("Add Routing Rule")
                        .showWhen("mode", "rules")
                        .showWhen(PropertySpec.VERSION, V12)
                        .child(legacyRule()))
                .property(PropertySpec.options("dataType")
                        .displayName("Data Type")
                        .option("boolean", "Boolean")
                        .option("dateTime", "Date & Time")
                        .option("number", "Number")
                        .option("string", "String")
                        .defaultValue("number")
                        .showWhen("mode", "rules")
                        .showWhen(PropertySpec.VERSION, V12))
                // one Value 1 per data type, with n8n's default of that type (an export leaves it out)
                .property(value1(PropertySpec.bool("value1").defaultValue(false), "boolean"))
                .property(value1(PropertySpec.dateTime("value1").defaultValue(""), "dateTime"))
                .property(value1(PropertySpec.number("value1").defaultValue(0), "number"))
                .property(value1(PropertySpec.string("value1").defaultValue(""), "string"))
                .property(PropertySpec.number("fallbackOutput")
                        .displayName("Fallback Output")
                        .defaultValue(-1)
                        .description("Output for items no rule matched; -1 drops them")
                        .showWhen("mode", "rules")
                        .showWhen(PropertySpec.VERSION, V12))
                .property(Descriptors.looseTypeValidation().showWhen(PropertySpec.VERSION, V3))
                .property(PropertySpec.collection("options")
                        .displayName("Options")
                        .showWhen(PropertySpec.VERSION, V3)
                        .child(PropertySpec.string("fallbackOutput")
                                .displayName("Fallback Output")
                                .defaultValue("none")
                                .description("'none', 'extra' (an extra output) or an output index"))
                        .child(PropertySpec.bool("ignoreCase").displayName("Ignore Case"))
                        .child(PropertySpec.bool("allMatchingOutputs").displayName("Send data to all matching outputs"))
                        .child(PropertySpec.string("renameFallbackOutput")
                                .displayName("Rename Fallback Output")
                                .showWhen("fallbackOutput", "extra"))
                        .child(PropertySpec.bool("looseTypeValidation").displayName("Less Strict Type Validation")))
                .build();
    }

    private static PropertySpec.Builder value1(PropertySpec.Builder value, String dataType) {
        return value.displayName("Value 1")
                .description("The value to compare with each rule's value 2")
                .showWhen("mode", "rules")
                .showWhen("dataType", dataType)
                .showWhen(PropertySpec.VERSION, V12);
    }

    /** v1/v2: {@code {rules: [{operation, value2, output}]}}, operations by the node's data type. */
    private static PropertySpec.Builder legacyRule() {
        PropertySpec.Builder rule = PropertySpec.collection("rules").displayName("Rules");
        String[][] types = {
            {"boolean", "equal:Equal|notEqual:Not Equal", "equal"},
            {"dateTime", "after:Occurred after|before:Occurred before", "after"},
            {
                "number",
                "smaller:Smaller|smallerEqual:Smaller or Equal|equal:Equal|notEqual:Not Equal|larger:Larger"
                        + "|largerEqual:Larger or Equal",
                "equal"
            },
            {
                "string",
                "contains:Contains|notContains:Not Contains|endsWith:Ends With|notEndsWith:Not Ends With|equal:Equal"
                        + "|notEqual:Not Equal|regex:Regex Match|notRegex:Regex Not Match|startsWith:Starts With"
                        + "|notStartsWith:Not Starts With",
                "equal"
            }
        };
        for (String[] t : types) {
            PropertySpec.Builder op = PropertySpec.options("operation")
                    .displayName("Operation")
                    .defaultValue(t[2])
                    .showWhen("/dataType", t[0]);
            for (String o : t[1].split("\\|")) {
                String[] vl = o.split(":", 2);
                op.option(vl[0], vl[1]);
            }
            rule.child(op);
        }
        return rule.child(PropertySpec.bool("value2")
                        .displayName("Value 2")
                        .description("The value to compare with the first one")
                        .showWhen("/dataType", "boolean"))
                .child(PropertySpec.dateTime("value2").displayName("Value 2").showWhen("/dataType", "dateTime"))
                .child(PropertySpec.number("value2").displayName("Value 2").showWhen("/dataType", "number"))
                .child(PropertySpec.string("value2").displayName("Value 2").showWhen("/dataType", "string"))
                .child(PropertySpec.number("output")
                        .displayName("Output Index")
                        .description("The index of output to which to send data to if rule matches"))
                .child(PropertySpec.string("outputKey")
                        .displayName("Output Key")
                        .description("v2: the label of the rule's own output")
                        .showWhen(PropertySpec.VERSION, 2));
    }

    /**
     * v1: four outputs; expression mode: outputsAmount (v2) or numberOutputs (v3) outputs; v2
     * rules: one per rule, labelled by its outputKey (SwitchV2's outputs expression); v3 rules: one per rule (named by its output
     * key when renamed) plus a fallback output when options.fallbackOutput is "extra".
     */
    private static PortRule outputRule() {
        PortRule four = PortRule.fixed(
                PortSpec.of("0", "0"), PortSpec.of("1", "1"), PortSpec.of("2", "2"), PortSpec.of("3", "3"));
        PortRule v3Rules = new PortRule.Concat(
                List.of(
                        new PortRule.PerEntry("rules.values", "outputKey", "renameOutput"),
                        new PortRule.When(
                                List.of(new PortRule.When.Case(
                                        Map.of("options.fallbackOutput", List.of(Json.toNode("extra"))),
                                        new PortRule.Labeled("fallback", "Fallback", "options.renameFallbackOutput"))),
                                null)),
                PortRule.fixed(PortSpec.of("0", "0")));
        return new PortRule.When(
                List.of(
                        new PortRule.When.Case(Map.of(PropertySpec.VERSION, List.of(Json.toNode(1))), four),
                        new PortRule.When.Case(
                                Map.of(
                                        "mode",
                                        List.of(Json.toNode("expression")),
                                        PropertySpec.VERSION,
                                        List.of(Json.toNode(2))),
                                new PortRule.Count("outputsAmount", 4, 1, 64, "{i}", "{i}", 0)),
                        new PortRule.When.Case(
                                Map.of("mode", List.of(Json.toNode("expression"))),
                                new PortRule.Count("numberOutputs", 4, 1, 64, "{i}", "{i}", 0)),
                        new PortRule.When.Case(
                                Map.of(PropertySpec.VERSION, List.of(Json.toNode(2))),
                                new PortRule.PerEntry("rules.rules", "outputKey", null))),
                v3Rules);
    }
}

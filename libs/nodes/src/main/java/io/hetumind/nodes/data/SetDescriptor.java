package io.hetumind.nodes.data;

import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.PropertySpec;

/** The Edit Fields (Set) descriptor: v3.3+ assignments, v3.0–3.2 typed fields, v1/v2 values. */
final class SetDescriptor {

    private SetDescriptor() {}

    static NodeDescriptor build() {
        return NodeDescriptor.builder("hetumind.set")
                .versions(1, 2, 3, 3.1, 3.2, 3.3, 3.4)
                .displayName("Edit Fields (Set)")
                .description("Adds, changes or removes fields of each item")
                .group(NodeGroup.DATA)
                .icon("pen")
                .alias("n8n-nodes-base.set")
                .property(PropertySpec.options("mode")
                        .displayName("Mode")
                        .option("manual", "Manual Mapping", "Edit item fields one by one")
                        .option("raw", "JSON", "Customize item output with JSON")
                        .defaultValue("manual")
                        .description("v3+: how the new fields are given"))
                .property(PropertySpec.fixedCollection("assignments")
                        .displayName("Fields to Set")
                        .description("v3.3+: {assignments: [{name, value, type}]}; type is string, number, "
                                + "boolean, array or object")
                        .showWhen("mode", "manual"))
                .property(PropertySpec.fixedCollection("fields")
                        .displayName("Fields to Set (v3.0–3.2)")
                        .description("{values: [{name, type: stringValue|numberValue|booleanValue|arrayValue|"
                                + "objectValue, <type>: value}]}")
                        .multipleValues()
                        .showWhen("mode", "manual"))
                .property(PropertySpec.json("jsonOutput")
                        .displayName("JSON Output")
                        .defaultValue("{\n  \"my_field_1\": \"value\",\n  \"my_field_2\": 1\n}")
                        .description("The fields to set, as a JSON object")
                        .showWhen("mode", "raw"))
                .property(PropertySpec.bool("includeOtherFields")
                        .displayName("Include Other Input Fields")
                        .description("v3.3+: pass the input fields through as well"))
                .property(PropertySpec.options("include")
                        .displayName("Input Fields to Include")
                        .option("all", "All")
                        .option("none", "No Input Fields")
                        .option("selected", "Selected")
                        .option("except", "All Except")
                        .defaultValue("all")
                        .description("Which input fields are kept next to the new ones"))
                .property(PropertySpec.string("includeFields")
                        .displayName("Fields to Include")
                        .placeholder("e.g. fieldToInclude1,fieldToInclude2")
                        .description("Comma-separated field names")
                        .showWhen("include", "selected"))
                .property(PropertySpec.string("excludeFields")
                        .displayName("Fields to Exclude")
                        .placeholder("e.g. fieldToExclude1,fieldToExclude2")
                        .description("Comma-separated field names")
                        .showWhen("include", "except"))
                .property(PropertySpec.bool("keepOnlySet")
                        .displayName("Keep Only Set")
                        .description("v1/v2: output only the fields set here"))
                .property(PropertySpec.fixedCollection("values")
                        .displayName("Values to Set (v1/v2)")
                        .description("{string: [{name, value}], number: […], boolean: […]}")
                        .multipleValues())
                .property(PropertySpec.collection("options")
                        .displayName("Options")
                        .child(PropertySpec.bool("dotNotation")
                                .displayName("Support Dot Notation")
                                .defaultValue(true)
                                .description("Treat 'a.b' as nested field b of a instead of a key with a dot"))
                        .child(PropertySpec.bool("ignoreConversionErrors")
                                .displayName("Ignore Type Conversion Errors")
                                .description("Keep the value as given when it does not convert to the type"))
                        .child(PropertySpec.bool("includeBinary")
                                .displayName("Include Binary File")
                                .description("v3.0–3.3: keep the input's binary data"))
                        .child(PropertySpec.bool("stripBinary")
                                .displayName("Strip Binary Data")
                                .description("v3.4+: drop the input's binary data")))
                .build();
    }
}

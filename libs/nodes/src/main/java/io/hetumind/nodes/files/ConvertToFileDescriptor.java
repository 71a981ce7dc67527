package io.hetumind.nodes.files;

import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.PropertySpec;

/** The descriptor of Convert to File: n8n's parameter names for csv, toJson, toText and toBinary. */
final class ConvertToFileDescriptor {

    private ConvertToFileDescriptor() {}

    static NodeDescriptor build() {
        return NodeDescriptor.builder("hetumind.convertToFile")
                .versions(1, 1.1)
                .displayName("Convert to File")
                .description("Turns JSON data into a file: CSV, JSON, text, or a base64 string decoded to bytes")
                .group(NodeGroup.DATA)
                .icon("file-import")
                .alias("n8n-nodes-base.convertToFile")
                .property(PropertySpec.options("operation")
                        .displayName("Operation")
                        .option("csv", "Convert to CSV", "Each item becomes a row of a CSV file")
                        .option("toJson", "Convert to JSON", "All items into one JSON file, or one file per item")
                        .option("toText", "Convert to Text File", "A string field of each item becomes a text file")
                        .option("toBinary", "Move Base64 String to File", "A base64 field of each item becomes a file")
                        .defaultValue("csv")
                        .noExpression())
                .property(PropertySpec.options("mode")
                        .displayName("Mode")
                        .option("once", "All Items to One File")
                        .option("each", "Each Item to Separate File")
                        .defaultValue("once")
                        .showWhen("operation", "toJson"))
                .property(PropertySpec.string("sourceProperty")
                        .displayName("Input Field")
                        .required()
                        .placeholder("e.g data")
                        .description("The field holding the text or base64 string; dot-notation for deep fields")
                        .showWhen("operation", "toText", "toBinary"))
                .property(PropertySpec.string("binaryPropertyName")
                        .displayName("Put Output File in Field")
                        .defaultValue("data")
                        .required())
                .property(PropertySpec.collection("options")
                        .displayName("Options")
                        .child(PropertySpec.string("fileName").displayName("File Name"))
                        .child(PropertySpec.bool("headerRow")
                                .displayName("Header Row")
                                .defaultValue(true)
                                .showWhen("/operation", "csv"))
                        .child(PropertySpec.string("delimiter")
                                .displayName("Delimiter")
                                .defaultValue(",")
                                .showWhen("/operation", "csv"))
                        .child(PropertySpec.string("encoding")
                                .displayName("Encoding")
                                .defaultValue("utf8")
                                .description("Character set, n8n names: utf8, latin1, windows1256, ucs2 …")
                                .showWhen("/operation", "toJson", "toText", "toBinary"))
                        .child(PropertySpec.bool("addBOM")
                                .displayName("Add Byte Order Mark (BOM)")
                                .showWhen("/operation", "toJson", "toText", "toBinary"))
                        .child(PropertySpec.bool("format")
                                .displayName("Format")
                                .description("Pretty-print the JSON with two-space indentation")
                                .showWhen("/operation", "toJson")
                                .showWhen(PropertySpec.VERSION, 1.1))
                        .child(PropertySpec.bool("dataIsBase64")
                                .displayName("Data Is Base64")
                                .defaultValue(true)
                                .showWhen("/operation", "toBinary"))
                        .child(PropertySpec.string("mimeType")
                                .displayName("MIME Type")
                                .placeholder("e.g text/plain")
                                .showWhen("/operation", "toBinary")))
                .build();
    }
}

package io.hetumind.nodes.data.html;

import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.PropertySpec;

/** Form pieces shared by the HTML and HTML Extract nodes: source, extraction rows, options. */
final class HtmlProperties {

    private HtmlProperties() {}

    static PropertySpec.Builder sourceData() {
        return PropertySpec.options("sourceData")
                .displayName("Source Data")
                .description("If HTML should be read from binary or JSON data")
                .option("binary", "Binary")
                .option("json", "JSON")
                .defaultValue("json");
    }

    static PropertySpec.Builder dataPropertyName() {
        return PropertySpec.string("dataPropertyName")
                .displayName("JSON Property / Input Binary Field")
                .description("Name of the JSON property or binary field holding the HTML")
                .defaultValue("data")
                .required();
    }

    /** {@code extractionValues.values[]}: key, CSS selector, what to return; {@code withSkip} adds skipSelectors. */
    static PropertySpec.Builder extractionValues(boolean withSkip) {
        var row = PropertySpec.collection("values")
                .displayName("Values")
                .child(PropertySpec.string("key")
                        .displayName("Key")
                        .description("The key under which the value is saved"))
                .child(PropertySpec.string("cssSelector")
                        .displayName("CSS Selector")
                        .placeholder(".price")
                        .description("The CSS selector to use"))
                .child(PropertySpec.options("returnValue")
                        .displayName("Return Value")
                        .option("attribute", "Attribute", "Get an attribute value like \"class\" from an element")
                        .option("html", "HTML", "Get the HTML the element contains")
                        .option("text", "Text", "Get only the text content of the element")
                        .option("value", "Value", "Get the value of an input, select or textarea")
                        .defaultValue("text"))
                .child(PropertySpec.string("attribute")
                        .displayName("Attribute")
                        .placeholder("class")
                        .description("The name of the attribute to return the value off")
                        .showWhen("returnValue", "attribute"))
                .child(PropertySpec.bool("returnArray")
                        .displayName("Return Array")
                        .description("Whether to return the values of all matching elements as an array"));
        if (withSkip) {
            row.child(PropertySpec.string("skipSelectors")
                    .displayName("Skip Selectors")
                    .placeholder("e.g. img, .className, #ItemId")
                    .description("Comma-separated selectors to leave out of the text")
                    .showWhen("returnValue", "text"));
        }
        var defaults = Json.object();
        defaults.putArray("values");
        return PropertySpec.fixedCollection("extractionValues")
                .displayName("Extraction Values")
                .placeholder("Add Value")
                .multipleValues()
                .defaultValue(defaults)
                .child(row);
    }

    /** An option as n8n reads it: absent means its zero value, whatever the form's default. */
    static <T> T option(NodeParameters ctx, String name, int i, Class<T> type, T absent) {
        String path = "options." + name;
        return ctx.rawParam(path) == null ? absent : ctx.param(path, i, type, absent);
    }
}

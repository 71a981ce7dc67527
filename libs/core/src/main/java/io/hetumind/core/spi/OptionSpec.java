package io.hetumind.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** One choice of an {@code options} or {@code multiOptions} property. */
public record OptionSpec(JsonNode value, String name, String description) {

    public static OptionSpec of(String value, String name) {
        return new OptionSpec(JsonNodeFactory.instance.textNode(value), name, null);
    }

    public static OptionSpec of(String value, String name, String description) {
        return new OptionSpec(JsonNodeFactory.instance.textNode(value), name, description);
    }
}

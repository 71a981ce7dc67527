package io.hetumind.core.spi.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.model.Node;

/**
 * Typed reads of a trigger node's parameters as written (expressions are not rendered: a
 * schedule or webhook path must be known before anything runs). Missing values take the
 * fallback; an expression or a value of the wrong type is a {@link TriggerConfigException}.
 */
public record TriggerParams(Node node) {

    /** The raw value at a dot-separated path, or null. */
    public JsonNode tree(String path) {
        io.hetumind.core.spi.ParameterReads.record(node.type(), node.typeVersion(), node.parameters(), path);
        JsonNode current = node.parameters();
        for (String part : path.split("\\.")) {
            if (current == null) {
                return null;
            }
            current = current.isArray() && part.chars().allMatch(Character::isDigit)
                    ? current.get(Integer.parseInt(part))
                    : current.get(part);
        }
        return current == null || current.isNull() || current.isMissingNode() ? null : current;
    }

    public String string(String path, String fallback) {
        JsonNode value = tree(path);
        if (value == null) {
            return fallback;
        }
        if (!value.isValueNode()) {
            throw new TriggerConfigException(node.name(), path, "must be text, got " + value);
        }
        String text = value.asText();
        if (text.startsWith("=")) {
            throw new TriggerConfigException(node.name(), path, "cannot be an expression in a trigger");
        }
        return text;
    }

    public double number(String path, double fallback) {
        JsonNode value = tree(path);
        if (value == null) {
            return fallback;
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        String text = string(path, "");
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new TriggerConfigException(node.name(), path, "must be a number, got '" + text + "'");
        }
    }

    public boolean bool(String path, boolean fallback) {
        JsonNode value = tree(path);
        return value == null
                ? fallback
                : value.isBoolean() ? value.booleanValue() : Boolean.parseBoolean(value.asText());
    }
}

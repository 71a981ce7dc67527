package io.hetumind.core.expr;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What user code returned, as JSON: a {@link com.fasterxml.jackson.databind.node.MissingNode}
 * stands for {@code undefined}; functions and symbols inside become null or are dropped, as
 * {@code JSON.stringify} does.
 */
public record CodeResult(JsonNode value) {

    public boolean isUndefined() {
        return value.isMissingNode();
    }
}

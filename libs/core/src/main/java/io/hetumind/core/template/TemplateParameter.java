package io.hetumind.core.template;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One declared parameter of a template. {@code defaultValue} is null when there is none; a parameter that is required
 * and has no default must be given at instantiation, one that is neither is left as JSON {@code null}.
 */
public record TemplateParameter(
        String name, ParamType type, JsonNode defaultValue, boolean required, String description) {

    public TemplateParameter {
        description = description == null ? "" : description;
    }
}

package io.hetumind.core.template;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * A workflow with typed parameters. {@code workflow} is the workflow document with placeholders where parameter
 * values go (see {@link Placeholders}); {@code version} counts the template's saves; read and write it with
 * {@link TemplateFormat}, check it with {@link TemplateValidator}, turn it into a workflow with
 * {@link TemplateInstantiator}.
 */
public record Template(
        String name, int version, String description, List<TemplateParameter> parameters, ObjectNode workflow) {

    public Template {
        name = name == null ? "" : name;
        description = description == null ? "" : description;
        parameters = List.copyOf(parameters == null ? List.of() : parameters);
        workflow = workflow == null ? io.hetumind.core.spi.Json.object() : workflow.deepCopy();
    }

    /** The declared parameter of this name, if any. */
    public Optional<TemplateParameter> parameter(String paramName) {
        return parameters.stream().filter(p -> p.name().equals(paramName)).findFirst();
    }

    /** The workflow document with placeholders, as a copy the caller may change. */
    @Override
    public ObjectNode workflow() {
        return workflow.deepCopy();
    }

    public Template withVersion(int newVersion) {
        return new Template(name, newVersion, description, parameters, workflow);
    }
}

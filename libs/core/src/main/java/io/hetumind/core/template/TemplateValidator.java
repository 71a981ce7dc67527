package io.hetumind.core.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.format.WorkflowFormatException;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.validate.Problem;
import io.hetumind.core.validate.ValidationReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a template as it is saved, reporting every problem at once with the JSON path of the template document:
 * names ({@code bad-parameter-name}, {@code duplicate-parameter}), defaults of the declared type
 * ({@code bad-default}), every declared parameter used ({@code unused-parameter}), every use declared
 * ({@code undeclared-parameter}), well-formed placeholders ({@code bad-placeholder}), and a workflow document that
 * reads as a workflow once values are in ({@code malformed-workflow}, checked with the defaults or a neutral value of
 * each type). Whether the nodes make a runnable workflow is the engine's validator's business, on the instance.
 */
public final class TemplateValidator {

    private TemplateValidator() {}

    public static ValidationReport validate(Template t) {
        List<Problem> out = new ArrayList<>();
        if (t.name().isBlank()) {
            out.add(Problem.error("missing-name", null, "$.name", "a template needs a name"));
        }
        if (t.version() < 1) {
            out.add(Problem.error("bad-version", null, "$.version", "must be 1 or more"));
        }
        Map<String, TemplateParameter> declared = new HashMap<>();
        for (int i = 0; i < t.parameters().size(); i++) {
            TemplateParameter p = t.parameters().get(i);
            String path = "$.parameters[" + i + "]";
            if (!Placeholders.NAME.matcher(p.name()).matches()) {
                out.add(Problem.error(
                        "bad-parameter-name",
                        null,
                        path + ".name",
                        "'" + p.name() + "' is not a parameter name ([A-Za-z_][A-Za-z0-9_]*, at most 64)"));
            } else if (declared.putIfAbsent(p.name(), p) != null) {
                out.add(Problem.error(
                        "duplicate-parameter", null, path + ".name", "parameter '" + p.name() + "' is declared twice"));
            }
            if (p.defaultValue() != null && !p.type().accepts(p.defaultValue())) {
                out.add(Problem.error(
                        "bad-default",
                        null,
                        path + ".default",
                        "the default of '" + p.name() + "' is " + ParamType.describe(p.defaultValue()) + ", not a "
                                + p.type().wire()));
            }
        }
        List<Placeholders.Use> uses = Placeholders.uses(t.workflow(), "$.workflow", out);
        Set<String> used = new HashSet<>();
        for (Placeholders.Use u : uses) {
            used.add(u.name());
            if (!declared.containsKey(u.name())) {
                out.add(Problem.error(
                        "undeclared-parameter",
                        null,
                        u.path(),
                        "uses parameter '" + u.name() + "', which the template does not declare"));
            }
        }
        for (int i = 0; i < t.parameters().size(); i++) {
            TemplateParameter p = t.parameters().get(i);
            if (!used.contains(p.name()) && declared.get(p.name()) == p) {
                out.add(Problem.error(
                        "unused-parameter",
                        null,
                        "$.parameters[" + i + "]",
                        "parameter '" + p.name() + "' is declared but used nowhere in the workflow"));
            }
        }
        if (out.isEmpty()) {
            try {
                sampleWorkflow(t);
            } catch (WorkflowFormatException e) {
                out.add(Problem.error("malformed-workflow", null, "$.workflow", e.getMessage()));
            }
        }
        return new ValidationReport(out);
    }

    /** The workflow with each parameter's default (or a neutral value of its type): the shape every instance has. */
    public static Workflow sampleWorkflow(Template t) {
        JsonNode filled = Placeholders.substitute(t.workflow(), name -> t.parameter(name)
                .map(p -> p.defaultValue() != null ? p.defaultValue() : p.type().sample())
                .orElse(null));
        return WorkflowFormat.read(filled);
    }
}

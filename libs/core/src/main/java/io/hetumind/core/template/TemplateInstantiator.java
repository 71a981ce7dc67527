package io.hetumind.core.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.format.WorkflowFormatException;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.validate.Problem;
import io.hetumind.core.validate.ValidationReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a template and parameter values into a normal workflow. Every value is checked first and all problems are
 * reported together; a value given for an optional parameter without default may be left out (it becomes JSON
 * {@code null}, or nothing inside a string). The result is an ordinary workflow for the engine's validator: this
 * class checks the template, not whether the instance can run it.
 */
public final class TemplateInstantiator {

    private TemplateInstantiator() {}

    /** Values as the command line gives them ({@code k=v} texts), each read by its parameter's type. */
    public static Map<String, JsonNode> fromTexts(Template t, Map<String, String> texts) {
        List<Problem> problems = new ArrayList<>();
        Map<String, JsonNode> out = new LinkedHashMap<>();
        texts.forEach((name, text) -> {
            TemplateParameter p = t.parameter(name).orElse(null);
            if (p == null) {
                problems.add(unknown(t, name));
                return;
            }
            try {
                out.put(name, p.type().parse(text));
            } catch (IllegalArgumentException e) {
                problems.add(Problem.error(
                        "wrong-type",
                        null,
                        path(name),
                        name + " is a " + p.type().wire() + ": " + e.getMessage()));
            }
        });
        if (!problems.isEmpty()) {
            throw new TemplateParamsException("bad parameters for template '" + t.name() + "'", problems);
        }
        return out;
    }

    /**
     * The workflow {@code t} makes with {@code values}; {@code name} (null: the template workflow's own) names it.
     * Throws {@link TemplateParamsException} listing every unknown, mistyped or missing value.
     */
    public static Workflow instantiate(Template t, Map<String, JsonNode> values, String name) {
        ValidationReport own = TemplateValidator.validate(t);
        if (!own.ok()) {
            throw new TemplateParamsException("template '" + t.name() + "' is not valid", own.errors());
        }
        List<Problem> problems = new ArrayList<>();
        Map<String, JsonNode> resolved = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : values.entrySet()) {
            TemplateParameter p = t.parameter(e.getKey()).orElse(null);
            if (p == null) {
                problems.add(unknown(t, e.getKey()));
            } else if (e.getValue() == null || !p.type().accepts(e.getValue())) {
                problems.add(Problem.error(
                        "wrong-type",
                        null,
                        path(e.getKey()),
                        e.getKey() + " must be a " + p.type().wire() + ", got " + ParamType.describe(e.getValue())));
            } else {
                resolved.put(p.name(), e.getValue());
            }
        }
        for (TemplateParameter p : t.parameters()) {
            if (values.containsKey(p.name())) {
                continue;
            }
            if (p.defaultValue() != null) {
                resolved.put(p.name(), p.defaultValue());
            } else if (p.required()) {
                problems.add(Problem.error(
                        "missing-parameter",
                        null,
                        path(p.name()),
                        p.name() + " is required (" + p.type().wire()
                                + (p.description().isBlank() ? "" : ": " + p.description()) + ")"));
            }
        }
        if (!problems.isEmpty()) {
            throw new TemplateParamsException("bad parameters for template '" + t.name() + "'", problems);
        }
        JsonNode filled = Placeholders.substitute(t.workflow(), resolved::get);
        if (name != null && !name.isBlank()) {
            ((ObjectNode) filled).put("name", name);
        }
        try {
            return WorkflowFormat.read(filled);
        } catch (WorkflowFormatException e) {
            throw new TemplateParamsException(
                    "the values do not make a workflow",
                    List.of(Problem.error("malformed-workflow", null, "$.workflow", e.getMessage())));
        }
    }

    private static Problem unknown(Template t, String name) {
        List<String> known =
                t.parameters().stream().map(TemplateParameter::name).toList();
        return Problem.error(
                "unknown-parameter",
                null,
                path(name),
                "template '" + t.name() + "' has no parameter '" + name + "' (it has "
                        + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
    }

    private static String path(String name) {
        return "$.params" + (Placeholders.NAME.matcher(name).matches() ? "." + name : "['" + name + "']");
    }
}

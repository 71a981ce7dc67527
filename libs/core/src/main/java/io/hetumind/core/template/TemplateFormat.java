package io.hetumind.core.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.format.WorkflowFormatException;
import io.hetumind.core.spi.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes template documents (JSON or YAML):
 *
 * <pre>{@code
 * { "hetumindTemplate": 1, "name": "webhook-transform-respond", "version": 1, "description": "…",
 *   "parameters": [ { "name": "path", "type": "string", "default": "hello", "required": false,
 *                     "description": "…" } ],
 *   "workflow": { "name": "…", "nodes": [ … {"$param": "path"} … ], "connections": { … } } }
 * }</pre>
 *
 * {@code hetumindTemplate} is the document format's version: a newer one than {@link #FORMAT} is refused with a message
 * saying so, never half-read. Shape errors name the JSON path; types and values are checked by {@link TemplateValidator}.
 */
public final class TemplateFormat {
    /** The newest document format this build reads and the one it writes. */
    public static final int FORMAT = 1;

    private TemplateFormat() {}

    /** Reads JSON or YAML text (YAML when it does not start with '{'). */
    public static Template read(String text) {
        if (text == null || text.isBlank()) {
            throw new TemplateFormatException("empty template document");
        }
        JsonNode tree;
        try {
            tree = WorkflowFormat.parseTree(text, !text.strip().startsWith("{"));
        } catch (WorkflowFormatException e) {
            throw new TemplateFormatException(e.getMessage().replace("workflow", "template"));
        }
        return read(tree);
    }

    public static Template read(JsonNode root) {
        if (!(root instanceof ObjectNode)) {
            throw new TemplateFormatException("$: a template must be an object");
        }
        JsonNode format = root.get("hetumindTemplate");
        if (format != null && (!format.canConvertToInt() || !format.isIntegralNumber())) {
            throw new TemplateFormatException("$.hetumindTemplate: must be a format number such as 1");
        }
        if (format != null && format.intValue() > FORMAT) {
            throw new TemplateFormatException("$.hetumindTemplate: this template is in format " + format.intValue()
                    + ", newer than the " + FORMAT + " this build reads; upgrade Hetumind to use it");
        }
        String name = text(root, "name", "$.name");
        JsonNode v = root.get("version");
        if (v != null && !v.isIntegralNumber()) {
            throw new TemplateFormatException("$.version: must be a whole number");
        }
        String description = text(root, "description", "$.description");
        JsonNode params = root.get("parameters");
        List<TemplateParameter> out = new ArrayList<>();
        if (params != null && !params.isNull()) {
            if (!params.isArray()) {
                throw new TemplateFormatException("$.parameters: must be a list");
            }
            for (int i = 0; i < params.size(); i++) {
                out.add(parameter(params.get(i), "$.parameters[" + i + "]"));
            }
        }
        JsonNode wf = root.get("workflow");
        if (!(wf instanceof ObjectNode workflow)) {
            throw new TemplateFormatException("$.workflow: a template holds a workflow document (an object)");
        }
        return new Template(name, v == null ? 1 : v.intValue(), description, out, workflow);
    }

    private static TemplateParameter parameter(JsonNode p, String path) {
        if (!p.isObject()) {
            throw new TemplateFormatException(path + ": a parameter is an object with name and type");
        }
        String name = text(p, "name", path + ".name");
        String type = text(p, "type", path + ".type");
        JsonNode required = p.get("required");
        if (required != null && !required.isBoolean()) {
            throw new TemplateFormatException(path + ".required: must be true or false");
        }
        ParamType t = ParamType.of(type == null ? "" : type);
        if (t == null) {
            throw new TemplateFormatException(path + ".type: must be one of string, number, boolean, json"
                    + (type == null ? "" : " (got '" + type + "')"));
        }
        return new TemplateParameter(
                name == null ? "" : name,
                t,
                p.has("default") ? p.get("default") : null,
                required != null && required.booleanValue(),
                text(p, "description", path + ".description"));
    }

    private static String text(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new TemplateFormatException(path + ": must be a string");
        }
        return v.asText();
    }

    /** The document of {@code template} in the current format. */
    public static ObjectNode toTree(Template template) {
        ObjectNode root = Json.object();
        root.put("hetumindTemplate", FORMAT);
        root.put("name", template.name());
        root.put("version", template.version());
        root.put("description", template.description());
        ArrayNode params = root.putArray("parameters");
        for (TemplateParameter p : template.parameters()) {
            ObjectNode o = params.addObject();
            o.put("name", p.name());
            o.put("type", p.type().wire());
            if (p.defaultValue() != null) {
                o.set("default", p.defaultValue());
            }
            o.put("required", p.required());
            o.put("description", p.description());
        }
        root.set("workflow", template.workflow());
        return root;
    }

    public static String writeJson(Template template) {
        return toTree(template).toPrettyString() + "\n";
    }
}
